/**
 * The engine's users, per tenant: by user id and by extension, whether the tenant has a mapping yet, and its
 * tenant-wide pause. It only keeps the records; what a change needs done (writes, saves, dropped debounces)
 * it returns as data for the engine to apply.
 */
import type { TraceSink } from '../ports';
import type { PauseMark, UserSyncState } from '../types';
import { UserRecord } from './user-record';

export interface MappingChange {
  added: number;
  removed: number;
  changed: number;
}

interface Tenant {
  users: Map<string, UserRecord>;
  byExtension: Map<string, UserRecord>;
  /** A mapping was set: stored states of users not in it are no longer restored. */
  mapped: boolean;
  paused?: PauseMark;
}

export class TenantUsers {
  private readonly tenants = new Map<string, Tenant>();
  private users = 0;

  constructor(private readonly trace: TraceSink) {}

  get tenantCount(): number {
    return this.tenants.size;
  }

  get userCount(): number {
    return this.users;
  }

  user(tenantId: string, userId: string): UserRecord | undefined {
    return this.tenants.get(tenantId)?.users.get(userId);
  }

  byExtension(tenantId: string, extension: string): UserRecord | undefined {
    return this.tenants.get(tenantId)?.byExtension.get(extension);
  }

  /** Still the engine's record of its user (not removed or replaced by a mapping change since). */
  isCurrent(rec: UserRecord): boolean {
    return this.user(rec.tenantId, rec.userId) === rec;
  }

  /** One user (none if unknown), or every user of the tenant (userId null or undefined). */
  records(tenantId: string, userId: string | null | undefined): UserRecord[] {
    const t = this.tenants.get(tenantId);
    if (!t) return [];
    if (userId === null || userId === undefined) return [...t.users.values()];
    const rec = t.users.get(userId);
    return rec ? [rec] : [];
  }

  /** Forget the tenant (it runs elsewhere now): returns its records, so that what waits for them can be dropped. */
  release(tenantId: string): UserRecord[] {
    const t = this.tenants.get(tenantId);
    if (!t) return [];
    this.tenants.delete(tenantId);
    this.users -= t.users.size;
    return [...t.users.values()];
  }

  /** The tenant-wide pause (undefined: none); users mapped later start paused under it. */
  setTenantPause(tenantId: string, mark: PauseMark | undefined): void {
    if (mark) this.tenant(tenantId).paused = mark;
    else {
      const t = this.tenants.get(tenantId);
      if (t) t.paused = undefined;
    }
  }

  /** Stored states after a start: mapped users take theirs; before any mapping, every stored user is added. Returns how many. */
  restore(tenantId: string, states: readonly UserSyncState[], tenantPause: PauseMark | undefined): number {
    const t = this.tenant(tenantId);
    t.paused = tenantPause;
    let restored = 0;
    for (const loaded of states) {
      if (loaded.tenantId !== tenantId) continue;
      const rec = t.users.get(loaded.userId);
      if (rec) {
        const sameExtension = rec.state.extension === loaded.extension;
        rec.reset(sameExtension ? loaded : { ...loaded, extension: rec.state.extension, line: undefined, routingSent: undefined });
        restored++;
      } else if (!t.mapped) {
        this.add(t, loaded);
        restored++;
      }
    }
    return restored;
  }

  /**
   * Replace the tenant's mapping. Returns the counts, the users whose extension changed (their state is to be
   * saved) and the users removed (anything still waiting for them is to be dropped).
   */
  setMapping(
    tenantId: string,
    entries: readonly { userId: string; extension: string }[],
  ): { change: MappingChange; remapped: UserRecord[]; removed: UserRecord[] } {
    const t = this.tenant(tenantId);
    t.mapped = true;
    const keep = new Set<string>();
    const change: MappingChange = { added: 0, removed: 0, changed: 0 };
    const remapped: UserRecord[] = [];
    for (const { userId, extension } of entries) {
      keep.add(userId);
      const rec = t.users.get(userId);
      if (!rec) {
        const state: UserSyncState = { tenantId, userId, extension };
        if (t.paused) state.paused = t.paused;
        this.add(t, state);
        change.added++;
      } else if (rec.state.extension !== extension) {
        if (t.byExtension.get(rec.state.extension) === rec) t.byExtension.delete(rec.state.extension);
        // The old extension's line and routing say nothing about the new one.
        rec.reset({ ...rec.state, extension, line: undefined, routingSent: undefined });
        rec.saveDue = true;
        t.byExtension.set(extension, rec);
        remapped.push(rec);
        change.changed++;
      }
    }
    const removed = [...t.users.values()].filter((rec) => !keep.has(rec.userId));
    for (const rec of removed) this.remove(t, rec);
    change.removed = removed.length;
    return { change, remapped, removed };
  }

  private tenant(tenantId: string): Tenant {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { users: new Map(), byExtension: new Map(), mapped: false };
      this.tenants.set(tenantId, t);
    }
    return t;
  }

  private add(t: Tenant, state: UserSyncState): void {
    const rec = new UserRecord(state, this.trace);
    t.users.set(state.userId, rec);
    t.byExtension.set(state.extension, rec);
    this.users++;
  }

  private remove(t: Tenant, rec: UserRecord): void {
    t.users.delete(rec.userId);
    if (t.byExtension.get(rec.state.extension) === rec) t.byExtension.delete(rec.state.extension);
    this.users--;
  }
}
