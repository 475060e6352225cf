/** Small fakes for the engine's ports, recording what they were asked to do. */
import type { RoutingWriter, SyncStateRepository, TeamsWriter, TraceSink, WriteOutcome } from '../../../src/sync/ports';
import type { PauseMark, SetRoutingAction, SyncAction, TraceEntry, UserSyncState } from '../../../src/sync/types';

export class RecordingRouting implements RoutingWriter {
  readonly calls: SetRoutingAction[] = [];
  /** Resolve writes by hand when set (to hold a write in flight). */
  manual = false;
  private held: (() => void)[] = [];
  fail = false;

  async setRouting(action: SetRoutingAction): Promise<WriteOutcome> {
    this.calls.push(action);
    if (this.manual) await new Promise<void>((r) => this.held.push(r));
    return this.fail ? { ok: false, detail: 'PBX refused (503)' } : { ok: true, detail: 'PBX accepted (204)' };
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }

  /** Stop holding writes and let the held ones go. */
  releaseAll(): void {
    this.manual = false;
    this.release();
  }
}

export class RecordingTeams implements TeamsWriter {
  readonly calls: Exclude<SyncAction, SetRoutingAction>[] = [];
  fail = false;
  async apply(action: Exclude<SyncAction, SetRoutingAction>): Promise<WriteOutcome> {
    this.calls.push(action);
    if (this.fail) throw new Error('Graph 503');
    return { ok: true, detail: 'Graph 200' };
  }
}

export class MemoryRepository implements SyncStateRepository {
  readonly rows = new Map<string, UserSyncState>();
  readonly tenantPauses = new Map<string, PauseMark>();
  /** Hold pause writes until `releasePauses()` (to see what is answered before the store has it). */
  holdPauses = false;
  private heldPauses: (() => void)[] = [];

  async loadAll(tenantId: string): Promise<UserSyncState[]> {
    return [...this.rows.values()].filter((s) => s.tenantId === tenantId).map((s) => structuredClone(s));
  }
  async save(state: UserSyncState): Promise<void> {
    this.rows.set(`${state.tenantId}/${state.userId}`, JSON.parse(JSON.stringify(state)));
  }
  async loadTenantPause(tenantId: string): Promise<PauseMark | undefined> {
    return this.tenantPauses.get(tenantId);
  }
  async savePause(tenantId: string, states: readonly UserSyncState[], tenantPause?: PauseMark | null): Promise<void> {
    if (this.holdPauses) await new Promise<void>((resolve) => this.heldPauses.push(resolve));
    if (tenantPause) this.tenantPauses.set(tenantId, { ...tenantPause });
    else if (tenantPause === null) this.tenantPauses.delete(tenantId);
    for (const state of states) await this.save(state);
  }
  releasePauses(): void {
    this.holdPauses = false;
    for (const release of this.heldPauses.splice(0)) release();
  }
}

export class MemoryTrace implements TraceSink {
  readonly entries: TraceEntry[] = [];
  record(entry: TraceEntry): void {
    this.entries.push(entry);
  }
  forUser(userId: string): TraceEntry[] {
    return this.entries.filter((e) => e.userId === userId);
  }
}
