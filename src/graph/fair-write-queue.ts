/**
 * The queue in front of every write to Teams presence:
 * - coalescing: a newer write to the same user and slot (e.g. "our session") replaces one not yet started;
 * - per-user order: one write per user at a time, in the order they came;
 * - fairness: tenants take turns (round robin), each with its own cap of writes in flight, so a tenant
 *   with 50,000 queued changes cannot starve one with five.
 */
import type { WriteOutcome } from '../sync/ports';

export interface FairWriteQueueOptions {
  /** Writes in flight across all tenants. */
  maxInFlight?: number;
  /** Writes in flight per tenant. */
  maxInFlightPerTenant?: number;
}

interface Entry {
  slot: string;
  run: () => Promise<WriteOutcome>;
  resolve: (outcome: WriteOutcome) => void;
}

interface UserLane {
  pending: Entry[];
  busy: boolean;
}

interface TenantLane {
  users: Map<string, UserLane>;
  /** Users with a pending write and none in flight, oldest first (a Set keeps insertion order). */
  ready: Set<string>;
  inFlight: number;
}

export const SUPERSEDED: WriteOutcome = { ok: true, detail: 'skipped: superseded by a newer write for this user' };

export class FairWriteQueue {
  private readonly tenants = new Map<string, TenantLane>();
  private readonly rotation: string[] = [];
  private cursor = 0;
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxPerTenant: number;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(options: FairWriteQueueOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? 16;
    this.maxPerTenant = options.maxInFlightPerTenant ?? 4;
  }

  submit(tenantId: string, userId: string, slot: string, run: () => Promise<WriteOutcome>): Promise<WriteOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, detail: 'skipped: the presence writer is stopped' });
    const tenant = this.lane(tenantId);
    let user = tenant.users.get(userId);
    if (!user) {
      user = { pending: [], busy: false };
      tenant.users.set(userId, user);
    }
    const older = user.pending.findIndex((e) => e.slot === slot);
    if (older >= 0) user.pending.splice(older, 1)[0].resolve(SUPERSEDED);
    const outcome = new Promise<WriteOutcome>((resolve) => user.pending.push({ slot, run, resolve }));
    if (!user.busy) tenant.ready.add(userId);
    this.pump();
    return outcome;
  }

  /** Writes waiting (not started) per tenant. */
  depth(tenantId?: string): number {
    let n = 0;
    for (const [id, t] of this.tenants) if (!tenantId || id === tenantId) for (const u of t.users.values()) n += u.pending.length;
    return n;
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.depth() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop every waiting write (each resolves as skipped); writes in flight finish. */
  close(): void {
    this.closed = true;
    for (const t of this.tenants.values()) {
      for (const u of t.users.values()) for (const e of u.pending.splice(0)) e.resolve({ ok: false, detail: 'skipped: the presence writer is stopped' });
      t.ready.clear();
    }
    this.notifyIdle();
  }

  private lane(tenantId: string): TenantLane {
    let lane = this.tenants.get(tenantId);
    if (!lane) {
      lane = { users: new Map(), ready: new Set(), inFlight: 0 };
      this.tenants.set(tenantId, lane);
      this.rotation.push(tenantId);
    }
    return lane;
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      const picked = this.nextTenant();
      if (!picked) break;
      const [tenantId, tenant] = picked;
      const userId = tenant.ready.values().next().value as string;
      tenant.ready.delete(userId);
      const user = tenant.users.get(userId)!;
      const entry = user.pending.shift()!;
      user.busy = true;
      tenant.inFlight++;
      this.inFlight++;
      void this.execute(entry).then(() => {
        user.busy = false;
        tenant.inFlight--;
        this.inFlight--;
        if (user.pending.length > 0) tenant.ready.add(userId);
        else tenant.users.delete(userId);
        if (tenant.users.size === 0 && tenant.inFlight === 0) this.removeTenant(tenantId);
        this.pump();
        this.notifyIdle();
      });
    }
  }

  /** Next tenant in turn that has a ready user and room under its cap. */
  private nextTenant(): [string, TenantLane] | undefined {
    for (let i = 0; i < this.rotation.length; i++) {
      const index = (this.cursor + i) % this.rotation.length;
      const tenantId = this.rotation[index];
      const tenant = this.tenants.get(tenantId)!;
      if (tenant.ready.size > 0 && tenant.inFlight < this.maxPerTenant) {
        this.cursor = (index + 1) % this.rotation.length;
        return [tenantId, tenant];
      }
    }
    return undefined;
  }

  private async execute(entry: Entry): Promise<void> {
    try {
      entry.resolve(await entry.run());
    } catch (err) {
      entry.resolve({ ok: false, detail: (err as Error).message });
    }
  }

  private removeTenant(tenantId: string): void {
    this.tenants.delete(tenantId);
    const index = this.rotation.indexOf(tenantId);
    this.rotation.splice(index, 1);
    if (this.cursor > index) this.cursor--;
    if (this.rotation.length === 0 || this.cursor >= this.rotation.length) this.cursor = 0;
  }

  private notifyIdle(): void {
    if (this.inFlight > 0 || this.depth() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}
