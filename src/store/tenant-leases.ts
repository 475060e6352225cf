/**
 * Tenants spread over replicas sharing one PostgreSQL database: a lease per tenant (holder, fencing token,
 * expiry on the database's clock) and a heartbeat row per replica. The SQLite store has none: one process runs
 * every tenant. The service's lease keeper (src/service/leases) decides what to claim and release; this is
 * only the storage and the write fence.
 */
import { StoreError } from './errors';

export interface ReplicaRow {
  replicaId: string;
  /** Where the other replicas reach this one (forwarded requests). */
  internalUrl: string;
}

export interface TenantLeaseRow {
  tenantId: string;
  /** The replica holding the lease, live or not; undefined when nobody ever held it or it was given up. */
  holder?: string;
  token: number;
  /** The lease has not expired (by the database's clock). */
  live: boolean;
  /** The holder's internal address, while its heartbeat row exists. */
  holderUrl?: string;
}

export interface TenantLeaseRepository {
  /** Writes this replica's heartbeat (alive until now() + leaseMs) and returns the live replicas, by id. */
  heartbeat(replica: ReplicaRow, leaseMs: number): Promise<ReplicaRow[]>;
  /** Removes this replica's heartbeat row (a clean stop: the others take its share at once). */
  leave(replicaId: string): Promise<void>;
  /** Every stored tenant with its lease, by tenant id. */
  list(): Promise<TenantLeaseRow[]>;
  /** Takes the lease if it is free or expired: the new fencing token, or undefined when another replica holds it. */
  claim(tenantId: string, replicaId: string, leaseMs: number): Promise<number | undefined>;
  /** Extends the leases this replica still holds: their tokens; a tenant missing from the answer was taken over. */
  renew(replicaId: string, tenantIds: readonly string[], leaseMs: number): Promise<Map<string, number>>;
  /** Gives the lease up (the token stays; the next holder's is higher). */
  release(tenantId: string, replicaId: string): Promise<void>;
  /** What the store checks on every sync-state write. */
  readonly fence: WriteFence;
}

/** A write refused because this replica no longer holds the tenant's lease (or holds an older token). */
export class FencedWriteError extends StoreError {
  constructor(tenantId: string) {
    super(
      'badInput',
      `This replica no longer holds the lease of tenant ${tenantId}; its write was refused so that only the replica running the tenant writes for it.`,
      'none: another replica runs the tenant now and writes its state.',
      { fixInMessage: ' Fix: ' },
    );
  }
}

/**
 * The tokens this replica holds, for the store to check against the lease row in the same statement as the
 * write. Off (every write allowed) until `activate`, as for a store opened by a command or a test.
 */
export class WriteFence {
  private replicaId: string | undefined;
  private readonly tokens = new Map<string, number>();

  activate(replicaId: string): void {
    this.replicaId = replicaId;
  }

  hold(tenantId: string, token: number): void {
    this.tokens.set(tenantId, token);
  }

  drop(tenantId: string): void {
    this.tokens.delete(tenantId);
  }

  /** 'off': not fenced; undefined: not held here (refuse); otherwise the holder and token the row must have. */
  of(tenantId: string): 'off' | { holder: string; token: number } | undefined {
    if (this.replicaId === undefined) return 'off';
    const token = this.tokens.get(tenantId);
    return token === undefined ? undefined : { holder: this.replicaId, token };
  }
}
