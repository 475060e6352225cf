/** Counters the engine keeps for the status page, metrics and the benchmark. */
import type { TraceEntry, TraceOutcome } from '../types';

export interface EngineStats {
  tenants: number;
  users: number;
  /** Events handed to submit(). */
  submitted: number;
  /** Events for users the engine does not know (not mapped): dropped. */
  unknownUser: number;
  /** Teams events waiting out the debounce right now. */
  debouncing: number;
  /** Decisions per outcome. */
  outcomes: Record<TraceOutcome, number>;
  writes: WriteCounts;
  saves: { ok: number; failed: number };
  /** Users with writes waiting, and writes running, right now. */
  queuedUsers: number;
  inFlight: number;
  /** The same per side: each side has its own write slots. */
  bySide: Record<'routing' | 'teams' | 'saves', { waiting: number; running: number }>;
  lastError?: string;
}

export interface WriteCounts {
  ok: number;
  failed: number;
  superseded: number;
  skipped: number;
}

function emptyOutcomes(): Record<TraceOutcome, number> {
  return { applied: 0, unchanged: 0, stale: 0, echo: 0, heldBack: 0, noRule: 0, paused: 0, disabled: 0 };
}

/** The running totals behind `EngineStats`; the gauges (users, queues) are read when stats are asked for. */
export class EngineCounters {
  submitted = 0;
  unknownUser = 0;
  readonly outcomes = emptyOutcomes();
  readonly writes: WriteCounts = { ok: 0, failed: 0, superseded: 0, skipped: 0 };
  readonly saves = { ok: 0, failed: 0 };
  lastError: string | undefined = undefined;

  decided(entries: readonly Pick<TraceEntry, 'outcome'>[]): void {
    for (const e of entries) this.outcomes[e.outcome]++;
  }

  stats(gauges: Omit<EngineStats, 'submitted' | 'unknownUser' | 'outcomes' | 'writes' | 'saves' | 'lastError'>): EngineStats {
    return {
      tenants: gauges.tenants,
      users: gauges.users,
      submitted: this.submitted,
      unknownUser: this.unknownUser,
      debouncing: gauges.debouncing,
      outcomes: { ...this.outcomes },
      writes: { ...this.writes },
      saves: { ...this.saves },
      queuedUsers: gauges.queuedUsers,
      inFlight: gauges.inFlight,
      bySide: gauges.bySide,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }
}
