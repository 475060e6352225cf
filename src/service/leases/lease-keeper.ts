/**
 * Runs this replica's share of the tenants (PostgreSQL store, replicas sharing one database). Every
 * `renewMs` it writes its heartbeat, renews the leases it holds (a tenant missing from the answer was taken
 * over: stopped at once), then plans with `fair-share.ts`: gives up tenants above its quota (stopped first,
 * then released) and claims free ones (expired, released or never held), starting each through the
 * TenantManager. The database decides every race (one conditional statement per claim); nothing here votes.
 *
 * Fencing: each held tenant has a token (raised by the database on every take-over). `tokenOf` gives it only
 * while the lease is certainly live by this process's clock (from just before the renewal was sent), so the
 * PBX and Graph writers send nothing for a tenant whose lease may have lapsed; the store checks the token in
 * the same transaction as each sync-state write; the simulators refuse a token older than one they saw.
 */
import type { Logger } from '../../logger';
import type { TenantLeaseRepository, TenantLeaseRow } from '../../store/tenant-leases';
import { planLeases } from './fair-share';

export interface LeaseKeeperOptions {
  leases: TenantLeaseRepository;
  tenants: { start(tenantId: string): Promise<unknown>; stop(tenantId: string): Promise<void>; get(tenantId: string): unknown };
  replicaId: string;
  internalUrl: string;
  leaseMs: number;
  renewMs: number;
  logger: Logger;
  /** Monotonic ms (default performance.now). */
  now?: () => number;
}

export interface HolderView {
  replicaId: string;
  internalUrl?: string;
}

interface Held {
  token: number;
  /** Local monotonic time until which the lease is certainly live. */
  validUntil: number;
  /** When a start failed last (retried after a while, the lease kept meanwhile). */
  failedAt?: number;
}

const RETRY_FAILED_START_MS = 30_000;

export class LeaseKeeper {
  private readonly held = new Map<string, Held>();
  private readonly starting = new Set<Promise<unknown>>();
  private rows: TenantLeaseRow[] = [];
  private replicas: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: LeaseKeeperOptions) {
    this.now = o.now ?? (() => performance.now());
    o.leases.fence.activate(o.replicaId);
  }

  get replicaId(): string {
    return this.o.replicaId;
  }

  /** The first round (heartbeat, claims) and the starts of the tenants it claimed are awaited: then it serves. */
  async start(): Promise<void> {
    await this.tick();
    await Promise.allSettled([...this.starting]);
    this.timer = setInterval(() => void this.tick(), this.o.renewMs);
    this.timer.unref();
  }

  /** The fencing token to send with a write for this tenant, or undefined: this replica must not write for it. */
  tokenOf(tenantId: string): number | undefined {
    const h = this.held.get(tenantId);
    return h && this.now() < h.validUntil ? h.token : undefined;
  }

  /** Tenants this replica holds a lease for. */
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  /** Who runs the tenant, as of the last round (undefined: nobody now, e.g. during a take-over). */
  holderOf(tenantId: string): HolderView | undefined {
    if (this.held.has(tenantId)) return { replicaId: this.o.replicaId, internalUrl: this.o.internalUrl };
    const row = this.rows.find((r) => r.tenantId === tenantId);
    return row?.live && row.holder ? { replicaId: row.holder, internalUrl: row.holderUrl } : undefined;
  }

  /** The tenant is stored (the last round saw it), whoever runs it. */
  knows(tenantId: string): boolean {
    return this.held.has(tenantId) || this.rows.some((r) => r.tenantId === tenantId);
  }

  liveReplicas(): string[] {
    return [...this.replicas];
  }

  /** Claims a free tenant for this replica now (an admin just set it up here). False when another replica runs it. */
  async claimNow(tenantId: string): Promise<boolean> {
    if (this.tokenOf(tenantId) !== undefined) return true;
    const sentAt = this.now();
    const token = await this.o.leases.claim(tenantId, this.o.replicaId, this.o.leaseMs);
    if (token === undefined) return false;
    this.hold(tenantId, token, sentAt);
    return true;
  }

  /** Stops the rounds, stops this replica's tenants, gives their leases up and removes the heartbeat. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await Promise.allSettled([...this.starting]);
    for (const tenantId of [...this.held.keys()]) await this.giveUp(tenantId).catch(() => undefined);
    await this.o.leases.leave(this.o.replicaId).catch(() => undefined);
  }

  /** One round; never two at once (a slow database makes rounds later, not concurrent). */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.round()
      .catch((err: Error) => this.o.logger.warn({ err: err.message }, 'tenant lease round failed; the next one retries'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    const { leases, replicaId, leaseMs, internalUrl } = this.o;
    const sentAt = this.now();
    this.replicas = (await leases.heartbeat({ replicaId, internalUrl }, leaseMs)).map((r) => r.replicaId);
    const renewed = await leases.renew(replicaId, [...this.held.keys()], leaseMs);
    for (const tenantId of [...this.held.keys()]) {
      const token = renewed.get(tenantId);
      if (token === this.held.get(tenantId)!.token) this.held.get(tenantId)!.validUntil = sentAt + leaseMs;
      else await this.lost(tenantId);
    }
    this.rows = await leases.list();
    if (this.stopped) return;
    const plan = planLeases(
      replicaId,
      this.replicas,
      this.rows.map((r) => ({ tenantId: r.tenantId, liveHolder: r.live ? r.holder : undefined })),
    );
    for (const tenantId of plan.release) {
      this.o.logger.info({ tenantId, quota: plan.quota }, 'giving a tenant up to another replica (rebalancing)');
      await this.giveUp(tenantId);
    }
    for (const tenantId of plan.claim) {
      const claimAt = this.now();
      const token = await leases.claim(tenantId, replicaId, leaseMs);
      if (token === undefined) continue; // another replica was quicker
      this.hold(tenantId, token, claimAt);
      this.o.logger.info({ tenantId, token }, 'tenant lease taken: starting the tenant here');
      this.startInBackground(tenantId);
    }
    for (const [tenantId, h] of this.held) {
      if (h.failedAt !== undefined && this.now() - h.failedAt > RETRY_FAILED_START_MS) this.startInBackground(tenantId);
    }
  }

  private hold(tenantId: string, token: number, sentAt: number): void {
    this.held.set(tenantId, { token, validUntil: sentAt + this.o.leaseMs });
    this.o.leases.fence.hold(tenantId, token);
  }

  private startInBackground(tenantId: string): void {
    const h = this.held.get(tenantId);
    if (h) h.failedAt = undefined;
    const started = this.o.tenants
      .start(tenantId)
      // Given up or lost while it was starting: it must not run here.
      .then(() => (this.held.has(tenantId) ? undefined : this.o.tenants.stop(tenantId)))
      .catch((err: Error) => {
        const still = this.held.get(tenantId);
        if (still) still.failedAt = this.now();
        this.o.logger.error({ tenantId, err: err.message }, 'tenant not started; its lease is kept and the start retried');
      })
      .finally(() => this.starting.delete(started));
    this.starting.add(started);
  }

  /** Taken over by another replica (or the database lost our row): stop writing for it at once. */
  private async lost(tenantId: string): Promise<void> {
    this.held.delete(tenantId);
    this.o.leases.fence.drop(tenantId);
    this.o.logger.warn({ tenantId }, 'tenant lease lost (another replica runs it now): stopping it here');
    await this.o.tenants.stop(tenantId).catch(() => undefined);
  }

  /** Stops the tenant while still holding its lease (its last state saves pass the fence), then releases it. */
  private async giveUp(tenantId: string): Promise<void> {
    await this.o.tenants.stop(tenantId).catch(() => undefined);
    this.held.delete(tenantId);
    this.o.leases.fence.drop(tenantId);
    await this.o.leases.release(tenantId, this.o.replicaId);
  }
}
