/**
 * A trace entry waiting for the answers to its actions: recorded once every action has an outcome, with the
 * outcomes in `result`. Entries without actions are recorded at once.
 */
import type { TraceSink } from '../ports';
import { formatPresence } from '../decision';
import type { SyncAction, TraceEntry } from '../types';

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
    /** The event's time, for latency: event seen -> write done. */
    readonly eventAt: number,
    private readonly onSettled: () => void,
  ) {
    this.open = entry.actions.length;
  }

  get done(): boolean {
    return this.open === 0;
  }

  /** The entry as recorded: with the other side's answers, when there were actions. */
  get recorded(): TraceEntry {
    return this.results.length > 0 ? { ...this.entry, result: this.results.join('; ') } : this.entry;
  }

  settle(action: SyncAction, detail: string): void {
    this.results.push(`${describeAction(action)}: ${detail}`);
    this.open--;
    if (this.open === 0) this.onSettled();
  }
}

/**
 * One user's trace entries, recorded in decision order: an entry waits until the entries before it have
 * their answers, so "why" reads in the order things happened.
 */
export class OrderedTraces {
  private readonly waiting: TraceRun[] = [];

  constructor(private readonly sink: TraceSink) {}

  /** Every entry started here is recorded. */
  get empty(): boolean {
    return this.waiting.length === 0;
  }

  start(entry: TraceEntry, eventAt: number): TraceRun {
    const run = new TraceRun(entry, eventAt, () => this.flush());
    this.waiting.push(run);
    this.flush();
    return run;
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.waiting[0].done) this.sink.record(this.waiting.shift()!.recorded);
  }
}
