/**
 * What identity needs kept: the Teams directory as the last delta left it, the PBX's users, and the mapping
 * with its conflicts and overrides. Identity owns these ports; the store implements them (src/store/).
 */
import type { DirectoryUser, MappingConflict, MappingEntry, MappingOverride, PbxUser } from './types';

export interface DirectoryRepository {
  listUsers(tenantId: string): Promise<DirectoryUser[]>;
  /** Apply one delta round in a single transaction: upsert changed users, remove deleted ones, keep the link. */
  applyDelta(
    tenantId: string,
    change: { upserts: DirectoryUser[]; removals: string[]; deltaLink: string | null; fullResync: boolean },
  ): Promise<void>;
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
