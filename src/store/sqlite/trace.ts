/** The decision trace: appended in batches, read newest first per user through its index, pruned per user. */
import type { DatabaseSync } from 'node:sqlite';
import type { TraceEntry } from '../../sync/types';
import { StoreInputError } from '../errors';
import type { TraceRepository } from '../store';
import { fromJson, inTransaction, requireKey, toJson } from './database';

type StoredEntry = Omit<TraceEntry, 'tenantId' | 'userId' | 'at'>;

export function createSqliteTraceRepository(db: DatabaseSync): TraceRepository {
  const insert = db.prepare('INSERT INTO trace_entries (tenant_id, user_id, at, entry_json) VALUES (?, ?, ?, ?)');
  // Served by trace_entries_newest_per_user: (tenant_id, user_id, at DESC, id DESC).
  const newestForUser = db.prepare(`
    SELECT at, entry_json FROM trace_entries
    WHERE tenant_id = ? AND user_id = ?
    ORDER BY at DESC, id DESC
    LIMIT ?`);
  const pruneBeyond = db.prepare(`
    DELETE FROM trace_entries WHERE id IN (
      SELECT id FROM (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY tenant_id, user_id ORDER BY at DESC, id DESC) AS rank
        FROM trace_entries
      ) WHERE rank > ?
    )`);

  return {
    async append(entries) {
      const rows = entries.map((entry) => {
        requireKey(entry.tenantId, 'trace entry tenantId');
        requireKey(entry.userId, 'trace entry userId');
        const { tenantId, userId, at, ...rest } = entry;
        return [tenantId, userId, at, toJson(rest, `trace entry of user ${userId}`)] as const;
      });
      inTransaction(db, () => {
        for (const row of rows) insert.run(...row);
      });
    },
    async forUser(tenantId, userId, limit) {
      assertCount(limit, 'limit');
      return (newestForUser.all(tenantId, userId, limit) as { at: number; entry_json: string }[]).map((row) => ({
        ...fromJson<StoredEntry>(row.entry_json, `trace entry of user ${userId} in tenant ${tenantId}`),
        tenantId,
        userId,
        at: row.at,
      }));
    },
    async prune(keepPerUser) {
      assertCount(keepPerUser, 'keepPerUser');
      return Number(pruneBeyond.run(keepPerUser).changes);
    },
  };
}

function assertCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new StoreInputError(`trace ${what} must be a whole number of 0 or more, got ${value}`);
}
