/**
 * The decision trace: appended in batches, read newest first per user through its index, pruned per user.
 * `trace_counts` keeps how many entries each user has, so prune touches only the users over the limit: with
 * 100,000 users and 200 entries each, ranking all 20 million rows would block the event loop for many
 * seconds (node:sqlite is synchronous).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { TraceRepository } from '../store';
import { assertCount, traceEntryOf, traceRowValues } from '../rows/trace-row';
import { inTransaction } from './database';

export function createSqliteTraceRepository(db: DatabaseSync): TraceRepository {
  const insert = db.prepare('INSERT INTO trace_entries (tenant_id, user_id, at, entry_json) VALUES (?, ?, ?, ?)');
  const addToCount = db.prepare(`
    INSERT INTO trace_counts (tenant_id, user_id, entries) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET entries = entries + excluded.entries`);
  // Served by trace_entries_newest_per_user: (tenant_id, user_id, at DESC, id DESC).
  const newestForUser = db.prepare(`
    SELECT at, entry_json FROM trace_entries
    WHERE tenant_id = ? AND user_id = ?
    ORDER BY at DESC, id DESC
    LIMIT ?`);
  const usersOver = db.prepare('SELECT tenant_id, user_id, entries FROM trace_counts WHERE entries > ?');
  const oldestKept = db.prepare(`
    SELECT at, id FROM trace_entries
    WHERE tenant_id = ? AND user_id = ?
    ORDER BY at DESC, id DESC
    LIMIT 1 OFFSET ?`);
  const removeOlderThan = db.prepare(`
    DELETE FROM trace_entries
    WHERE tenant_id = ? AND user_id = ? AND (at < ? OR (at = ? AND id < ?))`);
  const removeAllOfUser = db.prepare('DELETE FROM trace_entries WHERE tenant_id = ? AND user_id = ?');
  const setCount = db.prepare('UPDATE trace_counts SET entries = ? WHERE tenant_id = ? AND user_id = ?');
  const dropCount = db.prepare('DELETE FROM trace_counts WHERE tenant_id = ? AND user_id = ?');

  const pruneUser = (tenantId: string, userId: string, entries: number, keep: number): number => {
    if (keep === 0) {
      dropCount.run(tenantId, userId);
      return Number(removeAllOfUser.run(tenantId, userId).changes);
    }
    const cut = oldestKept.get(tenantId, userId, keep - 1) as { at: number; id: number } | undefined;
    const removed = cut === undefined ? 0 : Number(removeOlderThan.run(tenantId, userId, cut.at, cut.at, cut.id).changes);
    setCount.run(entries - removed, tenantId, userId);
    return removed;
  };

  return {
    async append(entries) {
      const rows = entries.map((entry) => {
        const { tenantId, userId, at, json } = traceRowValues(entry);
        return [tenantId, userId, at, json] as const;
      });
      const counts = new Map<string, [string, string, number]>();
      for (const [tenantId, userId] of rows) {
        const key = JSON.stringify([tenantId, userId]);
        const count = counts.get(key);
        if (count) count[2] += 1;
        else counts.set(key, [tenantId, userId, 1]);
      }
      inTransaction(db, () => {
        for (const row of rows) insert.run(...row);
        for (const count of counts.values()) addToCount.run(...count);
      });
    },
    async forUser(tenantId, userId, limit) {
      assertCount(limit, 'limit');
      return (newestForUser.all(tenantId, userId, limit) as { at: number; entry_json: string }[]).map((row) =>
        traceEntryOf(row, tenantId, userId),
      );
    },
    async prune(keepPerUser) {
      assertCount(keepPerUser, 'keepPerUser');
      return inTransaction(db, () => {
        const over = usersOver.all(keepPerUser) as { tenant_id: string; user_id: string; entries: number }[];
        return over.reduce((removed, row) => removed + pruneUser(row.tenant_id, row.user_id, row.entries, keepPerUser), 0);
      });
    },
  };
}
