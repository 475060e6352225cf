/** Small fakes for the engine's ports, recording what they were asked to do. */
import type { RoutingWriter, SyncStateRepository, TeamsWriter, TraceSink, WriteOutcome } from '../../../src/sync/ports';
import type { SetRoutingAction, SyncAction, TraceEntry, UserSyncState } from '../../../src/sync/types';

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
  async loadAll(tenantId: string): Promise<UserSyncState[]> {
    return [...this.rows.values()].filter((s) => s.tenantId === tenantId).map((s) => structuredClone(s));
  }
  async save(state: UserSyncState): Promise<void> {
    this.rows.set(`${state.tenantId}/${state.userId}`, JSON.parse(JSON.stringify(state)));
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
