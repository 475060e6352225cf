/**
 * A trace entry waiting for the answers to its actions: recorded once every action has an outcome, with the
 * outcomes in `result`. Entries without actions are recorded at once.
 */
import type { TraceSink } from './ports';
import { formatPresence } from './presence';
import type { SyncAction, TraceEntry } from './types';

export function describeAction(a: SyncAction): string {
  switch (a.kind) {
    case 'setRouting':
      return `setRouting ${a.state} (${a.extension})`;
    case 'setTeamsSession':
      return `setTeamsSession ${formatPresence(a.presence)}`;
    case 'clearTeamsSession':
      return 'clearTeamsSession';
    case 'setPreferredPresence':
      return `setPreferredPresence ${formatPresence(a.presence)}`;
    case 'clearPreferredPresence':
      return 'clearPreferredPresence';
  }
}

export class TraceRun {
  private open: number;
  private readonly results: string[] = [];

  constructor(
    readonly entry: TraceEntry,
    private readonly sink: TraceSink,
    /** The event's time, for latency: event seen -> write done. */
    readonly eventAt: number,
  ) {
    this.open = entry.actions.length;
    if (this.open === 0) sink.record(entry);
  }

  settle(action: SyncAction, detail: string): void {
    this.results.push(`${describeAction(action)}: ${detail}`);
    this.open--;
    if (this.open === 0) this.sink.record({ ...this.entry, result: this.results.join('; ') });
  }
}
