/**
 * Whole-tenant re-evaluations (a rule change, the resume of a paused tenant) would give every user a write at
 * once: at 100,000 users ~140 MB of pending writes and their trace entries, held until the writes drain. They
 * are paced instead, the way polling is: users are looked at in turn while fewer than `maxBacklog` of the
 * tenant's users wait for a write, and the engine calls `continue` each time one of the tenant's writes ends.
 * Users already due keep their place when another re-evaluation names them again; the newest reason is traced.
 */
import type { UserRecord } from './user-record';

type Look = (rec: UserRecord, why: string) => void;

export class PacedReevaluation {
  /** Per tenant: the users still to look at, in order, with the reason to trace and how to look. */
  private readonly due = new Map<string, Map<UserRecord, { why: string; look: Look }>>();

  constructor(
    private readonly maxBacklog: number,
    /** Users of the tenant waiting for a write. */
    private readonly backlog: (tenantId: string) => number,
    private readonly look: Look,
  ) {}

  /** `look` replaces the default for these users (e.g. the start-up re-assert instead of a re-evaluation). */
  start(tenantId: string, records: readonly UserRecord[], why: string, look: Look = this.look): void {
    let queue = this.due.get(tenantId);
    if (!queue) this.due.set(tenantId, (queue = new Map()));
    const task = { why, look }; // one per call, shared by its users
    for (const rec of records) queue.set(rec, task);
    this.continue(tenantId);
  }

  continue(tenantId: string): void {
    const queue = this.due.get(tenantId);
    if (!queue) return;
    for (const [rec, { why, look }] of queue) {
      if (this.backlog(tenantId) >= this.maxBacklog) return;
      queue.delete(rec);
      look(rec, why);
    }
    if (queue.size === 0 && this.due.get(tenantId) === queue) this.due.delete(tenantId);
  }

  forget(tenantId: string): void {
    this.due.delete(tenantId);
  }

  clear(): void {
    this.due.clear();
  }
}
