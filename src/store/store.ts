/**
 * The persistence port. SQLite (node:sqlite) fills it by default; PostgreSQL (postgres-store.ts) fills it
 * when PB_DATABASE_URL is set (see README.md here). Every row is keyed by
 * tenant. Secrets are encrypted at rest and only ever leave through `secrets.get`, for the code that
 * uses them (never for an API answer or a log line).
 */
import type { AlertRepository } from '../alerts/alert-repository';
import type { DirectoryRepository, MappingRepository, PbxUserRepository } from '../identity/repositories';
import type { SyncStateRepository } from '../sync/ports';
import type { TraceEntry, UserSyncState } from '../sync/types';
import type { TenantLeaseRepository } from './tenant-leases';

export interface TenantRecord {
  tenantId: string;
  displayName: string;
  /** demo: the built-in simulators; app: a real tenant through an app registration. */
  mode: 'demo' | 'app';
  clientId?: string;
  /** Non-secret connection settings (authority host, Graph base URL, connector kind and URL, ...). */
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface TenantRepository {
  list(): Promise<TenantRecord[]>;
  get(tenantId: string): Promise<TenantRecord | undefined>;
  upsert(record: TenantRecord): Promise<void>;
}

export interface SecretRepository {
  put(tenantId: string, name: string, value: string): Promise<void>;
  get(tenantId: string, name: string): Promise<string | undefined>;
  /** Names of the secrets a tenant has set: what an API may say ("client secret: set"). */
  names(tenantId: string): Promise<string[]>;
  delete(tenantId: string, name: string): Promise<void>;
}

/** Rule tables and policy are stored as validated JSON; src/sync owns their shape. */
export interface PolicyRepository {
  get(tenantId: string): Promise<unknown | undefined>;
  put(tenantId: string, policy: unknown): Promise<void>;
}

export interface TraceRepository {
  append(entries: TraceEntry[]): Promise<void>;
  /** Newest first. */
  forUser(tenantId: string, userId: string, limit: number): Promise<TraceEntry[]>;
  /** Keep at most `keepPerUser` entries per user. Returns how many were removed. */
  prune(keepPerUser: number): Promise<number>;
}

/**
 * One admin change: who, when, what, and the state before and after (never a secret's value: a changed
 * secret is recorded as "changed"). Kept for the configured retention, then pruned.
 */
export interface AuditRecord {
  id: number;
  tenantId: string;
  at: number;
  /** The admin's user principal name (or object id), or the bot user's display name. */
  by: string;
  /** e.g. "setup.change", "rules.save", "override.set" */
  action: string;
  /** What was changed, when it is one thing: a user id, "tenant". */
  target?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRepository {
  /** Returns the new entry's id (rising). */
  append(entry: Omit<AuditRecord, 'id'>): Promise<number>;
  /** Newest first; `beforeId` pages back from an entry. */
  list(tenantId: string, options: { limit: number; beforeId?: number }): Promise<AuditRecord[]>;
  /** Removes every tenant's entries made before `olderThan` (ms). Returns how many. */
  prune(olderThan: number): Promise<number>;
}

/**
 * Signatures of accepted webhook requests, kept until their timestamp is out of the freshness window, so a
 * replayed request is refused after a restart (and by another replica) too. Rows live only that long.
 */
export interface WebhookReplayRepository {
  /** true the first time (remembered until `expiresAt`); false while the same signature is remembered (a replay). */
  admit(tenantId: string, signature: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forget the signatures whose window is over (every tenant); returns how many. */
  prune(now: number): Promise<number>;
}

/**
 * A registration a tenant added to its pool beside its own (issue 12.1). Non-secret fields only: its client
 * secret or private key is sealed like the tenant's own secrets and leaves only through `credential`.
 */
export interface AppRegistrationRecord {
  tenantId: string;
  /** The id the service gave it (never `primary`: the tenant's own registration is its record's). */
  id: string;
  label: string;
  clientId: string;
  credentialKind: 'secret' | 'certificate';
  /** The public half, with credentialKind 'certificate'. */
  certificatePem?: string;
  /** When the client secret expires, as the admin entered it. */
  secretExpiresAt?: number;
  consent: 'granted' | 'refused' | 'unknown';
  consentDetail?: { at: number; by?: string; error?: string };
  /** The last permission check with this registration's own token. */
  permissions?: { checkedAt: number; ok: boolean; missing: string[] };
  createdAt: number;
  updatedAt: number;
}

/** The secret half of an added registration's credential. */
export interface AppRegistrationSecret {
  clientSecret?: string;
  privateKeyPem?: string;
}

export interface AppRegistrationRepository {
  /** Oldest first. */
  list(tenantId: string): Promise<AppRegistrationRecord[]>;
  get(tenantId: string, id: string): Promise<AppRegistrationRecord | undefined>;
  /**
   * Saves the record. With `secret`, its sealed credential is replaced too (the one matching
   * credentialKind is required, the other is removed); without, it is kept, and a new record is refused.
   */
  put(record: AppRegistrationRecord, secret?: AppRegistrationSecret): Promise<void>;
  /** Its sealed credential, opened; undefined when none is stored (e.g. discarded with a lost key). */
  credential(tenantId: string, id: string): Promise<AppRegistrationSecret | undefined>;
  /** Removes the record and its secrets; false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
}

export interface Store {
  readonly tenants: TenantRepository;
  readonly secrets: SecretRepository;
  readonly policies: PolicyRepository;
  readonly directory: DirectoryRepository;
  readonly pbxUsers: PbxUserRepository;
  readonly mappings: MappingRepository;
  readonly syncStates: SyncStateRepository;
  readonly trace: TraceRepository;
  readonly audit: AuditRepository;
  /** The admin bot's conversations and the alert engine's state (optional: a store may not offer it yet). */
  readonly alerts?: AlertRepository;
  readonly webhookReplays: WebhookReplayRepository;
  readonly appRegistrations: AppRegistrationRepository;
  /** Tenant leases and replica heartbeats: PostgreSQL only (replicas spread the tenants); SQLite runs all in one process. */
  readonly leases?: TenantLeaseRepository;
  close(): Promise<void>;
}

/**
 * What both stores offer beyond the engine's port: batch saves for start-up and mass changes (one
 * transaction instead of one per user), and forgetting users that left the mapping.
 */
export interface SyncStateStore extends SyncStateRepository {
  saveMany(states: readonly UserSyncState[]): Promise<void>;
  remove(tenantId: string, userIds: readonly string[]): Promise<number>;
}
