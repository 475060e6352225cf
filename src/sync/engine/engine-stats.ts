/** Counters the engine keeps for the status page, metrics and the benchmark. */
import type { TraceOutcome } from '../types';

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
  writes: { ok: number; failed: number; superseded: number; skipped: number };
  saves: { ok: number; failed: number };
  /** Users with writes waiting, and writes running, right now. */
  queuedUsers: number;
  inFlight: number;
  /** The same per side: each side has its own write slots. */
  bySide: Record<'routing' | 'teams' | 'saves', { waiting: number; running: number }>;
  lastError?: string;
}

export function emptyOutcomes(): Record<TraceOutcome, number> {
  return { applied: 0, unchanged: 0, stale: 0, echo: 0, heldBack: 0, noRule: 0, paused: 0, disabled: 0 };
}
