/**
 * The queue in front of every write to Teams presence:
 * - coalescing: a newer write to the same user and slot (e.g. "our session") replaces one not yet started;
 * - per-user order: one write per user at a time, in the order they came;
 * - fairness: tenants take turns (round robin), each with its own cap of writes in flight, so a tenant
 *   with 50,000 queued changes cannot starve one with five;
 * - a tenant that may not send now (its budget is used up, or Graph said Retry-After) is skipped until it
 *   may: its writes wait here, still coalescing, instead of holding in-flight slots other tenants could use.
 *
 * The caps only bound concurrency; the tenant's budget is what limits its rate. Little's law sizes them:
 * 200 writes/s x 100-150 ms Graph answer time needs 20-30 in flight.
 */
import type { Scheduler, TimerHandle } from '../time/clock';
import type { WriteOutcome } from '../sync/ports';

export const DEFAULT_MAX_IN_FLIGHT = 128;
export const DEFAULT_MAX_IN_FLIGHT_PER_TENANT = 64;

export interface FairWriteQueueOptions {
  /** Writes in flight across all tenants (default 128). */
  maxInFlight?: number;
  /** Writes in flight per tenant (default 64). */
  maxInFlightPerTenant?: number;
  /** Milliseconds until the tenant may start a write (0: now). Without it every tenant is always ready. */
  readyIn?: (tenantId: string) => number;
  /** Wakes the queue when a tenant held back by `readyIn` may start again; required with `readyIn`. */
  scheduler?: Scheduler;
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
  private wake?: TimerHandle;
  private readonly readyIn?: (tenantId: string) => number;
  private readonly scheduler?: Scheduler;

  constructor(options: FairWriteQueueOptions = {}) {
    this.maxInFlight = positive(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, 'maxInFlight');
    this.maxPerTenant = positive(options.maxInFlightPerTenant ?? DEFAULT_MAX_IN_FLIGHT_PER_TENANT, 'maxInFlightPerTenant');
    if (options.readyIn && !options.scheduler)
      throw new RangeError('FairWriteQueue: readyIn needs a scheduler to wake the queue when a tenant may write again');
    this.readyIn = options.readyIn;
    this.scheduler = options.scheduler;
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
    this.wake?.cancel();
    this.wake = undefined;
    for (const t of this.tenants.values()) {
      for (const u of t.users.values())
        for (const e of u.pending.splice(0)) e.resolve({ ok: false, detail: 'skipped: the presence writer is stopped' });
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
    let heldBackMs = Infinity;
    while (this.inFlight < this.maxInFlight) {
      const picked = this.nextTenant((ms) => (heldBackMs = Math.min(heldBackMs, ms)));
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
    if (heldBackMs < Infinity && this.inFlight < this.maxInFlight) this.wakeAfter(heldBackMs);
  }

  /** Next tenant in turn that has a ready user, room under its cap, and may write now. */
  private nextTenant(heldBack: (ms: number) => void): [string, TenantLane] | undefined {
    for (let i = 0; i < this.rotation.length; i++) {
      const index = (this.cursor + i) % this.rotation.length;
      const tenantId = this.rotation[index];
      const tenant = this.tenants.get(tenantId)!;
      if (tenant.ready.size === 0 || tenant.inFlight >= this.maxPerTenant) continue;
      const waitMs = this.readyIn?.(tenantId) ?? 0;
      if (waitMs > 0) {
        heldBack(waitMs);
        continue;
      }
      this.cursor = (index + 1) % this.rotation.length;
      return [tenantId, tenant];
    }
    return undefined;
  }

  /**
   * One timer, for the earliest tenant held back (a pump that found nobody to start has asked every tenant,
   * so its minimum replaces the previous one); the others are asked again by the pump it triggers.
   */
  private wakeAfter(ms: number): void {
    this.wake?.cancel();
    this.wake = this.scheduler!.after(ms, () => {
      this.wake = undefined;
      this.pump();
    });
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

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`FairWriteQueue: ${name} must be a whole number of at least 1 (got ${value})`);
  return value;
}
