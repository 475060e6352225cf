/** The connector's own account of how it is doing, as the port's `health()` reports it. */
import type { ConnectorHealth, ConnectorStatus } from '../connector';
import type { Clock } from '../../time/clock';

export class HealthTracker {
  private status: ConnectorStatus = 'starting';
  private lastEventAt: number | undefined;
  private lastSuccessAt: number | undefined;
  private lastError: { at: number; message: string } | undefined;
  private detail: string | undefined;

  constructor(private readonly clock: Clock) {}

  set(status: ConnectorStatus, detail?: string): void {
    this.status = status;
    this.detail = detail;
  }

  get current(): ConnectorStatus {
    return this.status;
  }

  event(): void {
    this.lastEventAt = this.clock.now();
  }

  success(): void {
    this.lastSuccessAt = this.clock.now();
  }

  error(message: string): void {
    this.lastError = { at: this.clock.now(), message };
  }

  snapshot(): ConnectorHealth {
    return {
      status: this.status,
      ...(this.lastEventAt !== undefined && { lastEventAt: this.lastEventAt }),
      ...(this.lastSuccessAt !== undefined && { lastSuccessAt: this.lastSuccessAt }),
      ...(this.lastError && { lastError: { ...this.lastError } }),
      ...(this.detail !== undefined && { detail: this.detail }),
    };
  }
}
