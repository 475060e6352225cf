import type { DatabaseSync } from 'node:sqlite';
import type { MappingEntry, MappingOverride } from '../../identity/types';
import type { MappingRepository } from '../../identity/repositories';
import { inTransaction, requireKey } from './database';
import { checkedMapping, conflictOf } from '../rows/mapping-rows';

interface OverrideRow {
  user_id: string;
  extension: string | null;
  set_by: string;
  set_at: number;
}

export function createSqliteMappingRepository(db: DatabaseSync): MappingRepository {
  const listEntries = db.prepare('SELECT user_id, extension, matched_by FROM mapping_entries WHERE tenant_id = ? ORDER BY user_id');
  listEntries.setReturnArrays(true);
  const listConflicts = db.prepare('SELECT conflict_json FROM mapping_conflicts WHERE tenant_id = ? ORDER BY position');
  const removeEntries = db.prepare('DELETE FROM mapping_entries WHERE tenant_id = ?');
  const removeConflicts = db.prepare('DELETE FROM mapping_conflicts WHERE tenant_id = ?');
  const insertEntry = db.prepare('INSERT INTO mapping_entries (tenant_id, user_id, extension, matched_by) VALUES (?, ?, ?, ?)');
  const insertConflict = db.prepare('INSERT INTO mapping_conflicts (tenant_id, position, conflict_json) VALUES (?, ?, ?)');
  const listOverrides = db.prepare('SELECT user_id, extension, set_by, set_at FROM mapping_overrides WHERE tenant_id = ? ORDER BY user_id');
  const upsertOverride = db.prepare(`
    INSERT INTO mapping_overrides (tenant_id, user_id, extension, set_by, set_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET
      extension = excluded.extension, set_by = excluded.set_by, set_at = excluded.set_at`);
  const removeOverride = db.prepare('DELETE FROM mapping_overrides WHERE tenant_id = ? AND user_id = ?');

  return {
    async list(tenantId) {
      const entries: MappingEntry[] = [];
      for (const [userId, extension, matchedBy] of listEntries.iterate(tenantId) as Iterable<[string, string, MappingEntry['matchedBy']]>) {
        entries.push({ tenantId, userId, extension, matchedBy });
      }
      return entries;
    },
    async conflicts(tenantId) {
      return (listConflicts.all(tenantId) as { conflict_json: string }[]).map((row) => conflictOf(row.conflict_json, tenantId));
    },
    async replace(tenantId, entries, conflicts) {
      const conflictRows = checkedMapping(tenantId, entries, conflicts);
      inTransaction(db, () => {
        removeEntries.run(tenantId);
        removeConflicts.run(tenantId);
        for (const entry of entries) insertEntry.run(tenantId, entry.userId, entry.extension, entry.matchedBy);
        conflictRows.forEach((json, position) => insertConflict.run(tenantId, position, json));
      });
    },
    async overrides(tenantId) {
      return (listOverrides.all(tenantId) as unknown as OverrideRow[]).map((row): MappingOverride => ({
        tenantId,
        userId: row.user_id,
        extension: row.extension,
        by: row.set_by,
        at: row.set_at,
      }));
    },
    async putOverride(override) {
      requireKey(override.tenantId, 'tenantId');
      requireKey(override.userId, 'override userId');
      if (override.extension !== null) requireKey(override.extension, `extension of the override for ${override.userId}`);
      upsertOverride.run(override.tenantId, override.userId, override.extension, override.by, override.at);
    },
    async deleteOverride(tenantId, userId) {
      removeOverride.run(tenantId, userId);
    },
  };
}
