/**
 * Where both Asterisk connectors hand line state to the engine: each report gets its strictly increasing
 * `at` (LineReportClock), and a failing handler is logged rather than allowed to break the event stream.
 */
import type { LineState } from '../../sync/states';
import type { LineStateReport } from '../connector';
import { describeError } from './errors';
import { LineReportClock } from './line-report-clock';
import type { AsteriskLogger } from './settings-common';

export class LineStateEmitter {
  private readonly clock = new LineReportClock();
  private handler: ((report: LineStateReport) => void) | undefined;

  constructor(
    private readonly tenantId: string,
    private readonly logger: AsteriskLogger,
  ) {}

  /** The engine's handler, from `start()` on. */
  connect(handler: (report: LineStateReport) => void): void {
    this.handler = handler;
  }

  emit(extension: string, state: LineState, at: number): void {
    const report = this.clock.report(extension, state, at);
    try {
      this.handler?.(report);
    } catch (error) {
      this.logger.warn({ tenantId: this.tenantId, err: describeError(error) }, 'line state handler failed');
    }
  }
}
