/**
 * The engine's write slots, one pool per side: PBX routing writes, Teams writes and state saves never wait
 * for each other's slots, so a throttled Graph (Teams writes parked for minutes) cannot hold up the PBX.
 *
 * A user runs one operation at a time, in decision order, whatever its side: it waits in the pool its next
 * operation needs, and moves to another pool when that changes while it waits (a newer decision replaced the
 * oldest write). The entry left behind is skipped when it comes up. Per event the work is O(1).
 */
import { Fifo } from './fifo';
import type { UserRecord, WriteSide } from './user-record';

export const WRITE_SIDES: readonly WriteSide[] = ['routing', 'teams', 'save'];

interface Pool {
  ready: Fifo<UserRecord>;
  /** Users waiting here (the FIFO may also hold entries of users that moved on). */
  waiting: number;
  /** The same, per tenant. */
  waitingByTenant: Map<string, number>;
  running: number;
}

export interface PoolCounts {
  waiting: number;
  running: number;
}

export class WritePools {
  private readonly pools: Record<WriteSide, Pool>;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    /** Operations running at once per side. */
    private readonly limit: number,
    private readonly run: (rec: UserRecord, side: WriteSide) => Promise<void>,
  ) {
    const pool = (): Pool => ({ ready: new Fifo(), waiting: 0, waitingByTenant: new Map(), running: 0 });
    this.pools = { routing: pool(), teams: pool(), save: pool() };
  }

  /** The user's work changed: make it wait in the pool its next operation needs (or nowhere). */
  schedule(rec: UserRecord): void {
    if (rec.busy) return; // looked at again when the running operation ends
    const side = rec.nextSide;
    if (side === rec.queuedOn) return;
    if (rec.queuedOn) this.countWaiting(this.pools[rec.queuedOn], rec, -1);
    rec.queuedOn = side;
    if (!side) return;
    const pool = this.pools[side];
    this.countWaiting(pool, rec, 1);
    pool.ready.push(rec);
    this.pump(side);
  }

  counts(side: WriteSide): PoolCounts {
    const { waiting, running } = this.pools[side];
    return { waiting, running };
  }

  /** Users of one tenant waiting in a pool. */
  waitingOf(side: WriteSide, tenantId: string): number {
    return this.pools[side].waitingByTenant.get(tenantId) ?? 0;
  }

  get isIdle(): boolean {
    return WRITE_SIDES.every((s) => this.pools[s].running === 0 && this.pools[s].waiting === 0);
  }

  /** Resolves when nothing waits or runs in any pool. */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(side: WriteSide): void {
    const pool = this.pools[side];
    while (pool.running < this.limit && pool.ready.length > 0) {
      const rec = pool.ready.shift()!;
      if (rec.queuedOn !== side) continue; // moved to another pool, or its work was cancelled
      this.countWaiting(pool, rec, -1);
      rec.queuedOn = undefined;
      if (rec.nextSide !== side) {
        this.schedule(rec);
        continue;
      }
      rec.busy = true;
      pool.running++;
      void this.run(rec, side).finally(() => {
        pool.running--;
        rec.busy = false;
        this.schedule(rec);
        this.pump(side);
        if (this.isIdle) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private countWaiting(pool: Pool, rec: UserRecord, delta: 1 | -1): void {
    pool.waiting += delta;
    const n = (pool.waitingByTenant.get(rec.tenantId) ?? 0) + delta;
    if (n === 0) pool.waitingByTenant.delete(rec.tenantId);
    else pool.waitingByTenant.set(rec.tenantId, n);
  }
}
