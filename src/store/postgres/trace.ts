/**
 * The decision trace: appended in batches (one unnest() insert plus one count update), read newest first per
 * user through its index, pruned per user. `trace_counts` keeps how many entries each user has, so prune
 * visits only the users over the limit, each through the index (LATERAL ... OFFSET finds where to cut).
 */
import type pg from 'pg';
import type { TraceRepository } from '../store';
import { assertCount, traceEntryOf, traceRowValues } from '../rows/trace-row';
import { LOCK_TRACE_PRUNE, chunked, inTransaction, schemaLockKey } from './pool';

// WITH ORDINALITY ... ORDER BY: ids rise in the order the entries were given, which breaks ties in `at`.
const INSERT_BATCH = `
  INSERT INTO trace_entries (tenant_id, user_id, at, entry_json)
  SELECT batch.tenant_id, batch.user_id, batch.at, batch.entry_json
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS batch (tenant_id, user_id, at, entry_json, n)
  ORDER BY batch.n`;
const COUNT_BATCH = `
  INSERT INTO trace_counts (tenant_id, user_id, entries)
  SELECT batch.tenant_id, batch.user_id, COUNT(*) FROM unnest($1::text[], $2::text[]) AS batch (tenant_id, user_id)
  GROUP BY batch.tenant_id, batch.user_id
  ORDER BY batch.tenant_id, batch.user_id -- rows locked in one order everywhere (see prune): no deadlock
  ON CONFLICT (tenant_id, user_id) DO UPDATE SET entries = trace_counts.entries + excluded.entries`;

// Locks the count rows of the users over the limit: an append to one of them waits for the prune to commit, so
// the entries the prune sees and the counts it sets afterwards stay in step.
const LOCK_USERS_OVER = 'SELECT tenant_id, user_id FROM trace_counts WHERE entries > $1::integer ORDER BY tenant_id, user_id FOR UPDATE';
const USERS = 'unnest($1::text[], $2::text[]) AS over (tenant_id, user_id)';
const REMOVE_OLDER_THAN_KEPT = `
  DELETE FROM trace_entries e USING (
    SELECT over.tenant_id, over.user_id, kept.at, kept.id FROM ${USERS}
    CROSS JOIN LATERAL (
      SELECT at, id FROM trace_entries t
      WHERE t.tenant_id = over.tenant_id AND t.user_id = over.user_id
      ORDER BY at DESC, id DESC
      LIMIT 1 OFFSET $3::integer - 1
    ) kept
  ) cut
  WHERE e.tenant_id = cut.tenant_id AND e.user_id = cut.user_id AND (e.at, e.id) < (cut.at, cut.id)`;
const SET_COUNTS = `UPDATE trace_counts c SET entries = $3::integer FROM ${USERS} WHERE c.tenant_id = over.tenant_id AND c.user_id = over.user_id`;
const REMOVE_ALL_ENTRIES = `DELETE FROM trace_entries e USING ${USERS} WHERE e.tenant_id = over.tenant_id AND e.user_id = over.user_id`;
const REMOVE_COUNTS = `DELETE FROM trace_counts c USING ${USERS} WHERE c.tenant_id = over.tenant_id AND c.user_id = over.user_id`;

export function createPostgresTraceRepository(pool: pg.Pool): TraceRepository {
  return {
    async append(entries) {
      const rows = entries.map(traceRowValues);
      if (rows.length === 0) return;
      await inTransaction(pool, async (client) => {
        for (const chunk of chunked(rows)) {
          const tenants = chunk.map((r) => r.tenantId);
          const users = chunk.map((r) => r.userId);
          await client.query(INSERT_BATCH, [tenants, users, chunk.map((r) => r.at), chunk.map((r) => r.json)]);
          await client.query(COUNT_BATCH, [tenants, users]);
        }
      });
    },
    async forUser(tenantId, userId, limit) {
      assertCount(limit, 'limit');
      const { rows } = await pool.query<{ at: number; entry_json: string }>(
        `SELECT at, entry_json FROM trace_entries WHERE tenant_id = $1 AND user_id = $2 ORDER BY at DESC, id DESC LIMIT $3`,
        [tenantId, userId, limit],
      );
      return rows.map((row) => traceEntryOf(row, tenantId, userId));
    },
    async prune(keepPerUser) {
      assertCount(keepPerUser, 'keepPerUser');
      return inTransaction(pool, async (client) => {
        // Several replicas prune the same tables: one at a time is enough; the others skip their run.
        const { rows } = await client.query<{ locked: boolean }>(
          `SELECT pg_try_advisory_xact_lock(${LOCK_TRACE_PRUNE}, ${schemaLockKey}) AS locked`,
        );
        if (!rows[0].locked) return 0;
        const over = await client.query<[string, string]>({ text: LOCK_USERS_OVER, values: [keepPerUser], rowMode: 'array' });
        if (over.rows.length === 0) return 0;
        const users = [over.rows.map(([tenantId]) => tenantId), over.rows.map(([, userId]) => userId)];
        if (keepPerUser === 0) {
          const removed = await client.query(REMOVE_ALL_ENTRIES, users);
          await client.query(REMOVE_COUNTS, users);
          return removed.rowCount ?? 0;
        }
        const removed = await client.query(REMOVE_OLDER_THAN_KEPT, [...users, keepPerUser]);
        // Every one of these users now has exactly `keepPerUser` entries.
        await client.query(SET_COUNTS, [...users, keepPerUser]);
        return removed.rowCount ?? 0;
      });
    },
  };
}
