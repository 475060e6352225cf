import type pg from 'pg';
import type { MappingEntry, MappingOverride } from '../../identity/types';
import { requireKey } from '../row-values';
import { checkedMapping, conflictOf } from '../rows/mapping-rows';
import type { MappingRepository } from '../../identity/repositories';
import { chunked, inTransaction } from './pool';

interface OverrideRow {
  user_id: string;
  extension: string | null;
  set_by: string;
  set_at: number;
}

export function createPostgresMappingRepository(pool: pg.Pool): MappingRepository {
  return {
    async list(tenantId) {
      const { rows } = await pool.query<{ user_id: string; extension: string; matched_by: MappingEntry['matchedBy'] }>(
        'SELECT user_id, extension, matched_by FROM mapping_entries WHERE tenant_id = $1 ORDER BY user_id',
        [tenantId],
      );
      return rows.map((row): MappingEntry => ({ tenantId, userId: row.user_id, extension: row.extension, matchedBy: row.matched_by }));
    },
    async conflicts(tenantId) {
      const { rows } = await pool.query<{ conflict_json: string }>(
        'SELECT conflict_json FROM mapping_conflicts WHERE tenant_id = $1 ORDER BY position',
        [tenantId],
      );
      return rows.map((row) => conflictOf(row.conflict_json, tenantId));
    },
    async replace(tenantId, entries, conflicts) {
      const conflictRows = checkedMapping(tenantId, entries, conflicts);
      await inTransaction(pool, async (client) => {
        await client.query('DELETE FROM mapping_entries WHERE tenant_id = $1', [tenantId]);
        await client.query('DELETE FROM mapping_conflicts WHERE tenant_id = $1', [tenantId]);
        for (const chunk of chunked(entries)) {
          await client.query(
            `INSERT INTO mapping_entries (tenant_id, user_id, extension, matched_by)
             SELECT $1, batch.user_id, batch.extension, batch.matched_by
             FROM unnest($2::text[], $3::text[], $4::text[]) AS batch (user_id, extension, matched_by)`,
            [tenantId, chunk.map((e) => e.userId), chunk.map((e) => e.extension), chunk.map((e) => e.matchedBy)],
          );
        }
        if (conflictRows.length > 0) {
          // WITH ORDINALITY numbers the conflicts from 1; positions start at 0 as in SQLite.
          await client.query(
            `INSERT INTO mapping_conflicts (tenant_id, position, conflict_json)
             SELECT $1, batch.n - 1, batch.conflict_json FROM unnest($2::text[]) WITH ORDINALITY AS batch (conflict_json, n)`,
            [tenantId, conflictRows],
          );
        }
      });
    },
    async overrides(tenantId) {
      const { rows } = await pool.query<OverrideRow>(
        'SELECT user_id, extension, set_by, set_at FROM mapping_overrides WHERE tenant_id = $1 ORDER BY user_id',
        [tenantId],
      );
      return rows.map((row): MappingOverride => ({
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
      await pool.query(
        `INSERT INTO mapping_overrides (tenant_id, user_id, extension, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET
           extension = excluded.extension, set_by = excluded.set_by, set_at = excluded.set_at`,
        [override.tenantId, override.userId, override.extension, override.by, override.at],
      );
    },
    async deleteOverride(tenantId, userId) {
      await pool.query('DELETE FROM mapping_overrides WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
    },
  };
}
