/**
 * What the core needs from the outside world, and nothing more. Adapters implement these; tests hand the
 * engine small fakes (typed with Pick<> where only part is used). Time (Clock, Scheduler) is not a port of
 * the core: it is in src/time/.
 */
import type { PauseMark, SetRoutingAction, SyncAction, TraceEntry, UserSyncState } from './types';

/** The answer of the other side to one action, recorded in the trace. */
export interface WriteOutcome {
  ok: boolean;
  /** e.g. "PBX accepted (204)", "Graph 429, retry queued", "skipped: session unchanged". */
  detail: string;
}

/** Telephony side, commands out: set an extension's routing state. */
export interface RoutingWriter {
  setRouting(action: SetRoutingAction): Promise<WriteOutcome>;
}

/** Teams side, commands out: our presence session and (under the force policy) the preferred presence. */
export interface TeamsWriter {
  apply(action: Exclude<SyncAction, SetRoutingAction>): Promise<WriteOutcome>;
}

/** Where the engine keeps per-user state so that a restart loses nothing. */
export interface SyncStateRepository {
  loadAll(tenantId: string): Promise<UserSyncState[]>;
  save(state: UserSyncState): Promise<void>;
  /** The tenant-wide pause, if one is stored. */
  loadTenantPause(tenantId: string): Promise<PauseMark | undefined>;
  /**
   * A pause or resume, stored before it is confirmed: the users' states and, when `tenantPause` is given, the
   * tenant-wide flag (null: removed), in one transaction, so a crash never leaves half of it.
   */
  savePause(tenantId: string, states: readonly UserSyncState[], tenantPause?: PauseMark | null): Promise<void>;
}

export interface TraceSink {
  record(entry: TraceEntry): void;
}
