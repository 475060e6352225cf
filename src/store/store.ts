/**
 * The persistence port. SQLite (node:sqlite) fills it by default; a PostgreSQL implementation (several
 * replicas sharing one database) can fill it later without touching the engine. Every row is keyed by
 * tenant. Secrets are encrypted at rest and only ever leave through `secrets.get`, for the code that
 * uses them (never for an API answer or a log line).
 */
import type { DirectoryUser, MappingConflict, MappingEntry, MappingOverride, PbxUser } from '../identity/types';
import type { SyncStateRepository } from '../sync/ports';
import type { TraceEntry, UserSyncState } from '../sync/types';

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

export interface DirectoryRepository {
  listUsers(tenantId: string): Promise<DirectoryUser[]>;
  /** Apply one delta round in a single transaction: upsert changed users, remove deleted ones, keep the link. */
  applyDelta(tenantId: string, change: { upserts: DirectoryUser[]; removals: string[]; deltaLink: string | null; fullResync: boolean }): Promise<void>;
  getDeltaLink(tenantId: string): Promise<string | undefined>;
  lastRefreshAt(tenantId: string): Promise<number | undefined>;
}

export interface PbxUserRepository {
  list(tenantId: string): Promise<PbxUser[]>;
  replace(tenantId: string, users: PbxUser[]): Promise<void>;
}

export interface MappingRepository {
  list(tenantId: string): Promise<MappingEntry[]>;
  conflicts(tenantId: string): Promise<MappingConflict[]>;
  /** Replace the whole mapping and conflict list at once (a transaction): never half of one and half of another. */
  replace(tenantId: string, entries: MappingEntry[], conflicts: MappingConflict[]): Promise<void>;
  overrides(tenantId: string): Promise<MappingOverride[]>;
  putOverride(override: MappingOverride): Promise<void>;
  deleteOverride(tenantId: string, userId: string): Promise<void>;
}

export interface TraceRepository {
  append(entries: TraceEntry[]): Promise<void>;
  /** Newest first. */
  forUser(tenantId: string, userId: string, limit: number): Promise<TraceEntry[]>;
  /** Keep at most `keepPerUser` entries per user. Returns how many were removed. */
  prune(keepPerUser: number): Promise<number>;
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
  close(): Promise<void>;
}

/**
 * What the SQLite store offers beyond the engine's port: batch saves for start-up and mass changes (one
 * transaction instead of one per user), and forgetting users that left the mapping.
 */
export interface SyncStateStore extends SyncStateRepository {
  saveMany(states: readonly UserSyncState[]): Promise<void>;
  remove(tenantId: string, userIds: readonly string[]): Promise<number>;
}
