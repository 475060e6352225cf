/**
 * Per-user engine state, sized for 100,000 users per tenant: `loadAll` is one query over the primary key,
 * `save` one upsert, `saveMany` one unnest() upsert per 10,000 states inside one transaction. A pause or resume
 * stores the users' states and the tenant-wide flag in one transaction.
 * Fenced (tenants spread over replicas): every write checks, in its own statement or transaction, that this
 * replica still holds the tenant's lease with the token it was given, and locks that lease row (FOR SHARE) until
 * it commits, so a take-over waits for it; a replica that lost the lease writes nothing (FencedWriteError).
 */
import type pg from 'pg';
import type { UserSyncState } from '../../sync/types';
import { assertOwnedBy, fromJson, requireKey, toJson } from '../row-values';
import type { SyncStateStore } from '../store';
import { chunked, inTransaction, lastPerKey, type Queryable } from './pool';
import { FencedWriteError, type WriteFence } from '../tenant-leases';

type StoredState = Omit<UserSyncState, 'tenantId' | 'userId'>;

const UPSERT_BATCH = `
  INSERT INTO sync_states (tenant_id, user_id, state_json)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
  ON CONFLICT (tenant_id, user_id) DO UPDATE SET state_json = excluded.state_json`;

const FENCE = `SELECT 1 FROM tenant_leases WHERE tenant_id = $1 AND holder = $2 AND token = $3 AND expires_at > now() FOR SHARE`;

/** Locks the tenant's lease row for the transaction, or throws when this replica does not hold it with its token. */
async function checkFence(db: Queryable, fence: WriteFence | undefined, tenantId: string): Promise<void> {
  const held = fence ? fence.of(tenantId) : 'off';
  if (held === 'off') return;
  if (!held) throw new FencedWriteError(tenantId);
  const { rowCount } = await db.query(FENCE, [tenantId, held.holder, held.token]);
  if (!rowCount) throw new FencedWriteError(tenantId);
}

const FENCED_UPSERT = `
  WITH fence AS (
    SELECT 1 FROM tenant_leases WHERE tenant_id = ($1::text[])[1] AND holder = $4 AND token = $5 AND expires_at > now() FOR SHARE
  )
  INSERT INTO sync_states (tenant_id, user_id, state_json)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WHERE EXISTS (SELECT 1 FROM fence)
  ON CONFLICT (tenant_id, user_id) DO UPDATE SET state_json = excluded.state_json`;

export function createPostgresSyncStateRepository(pool: pg.Pool, fence?: WriteFence): SyncStateStore {
  const checked = (state: UserSyncState) => {
    requireKey(state.tenantId, 'tenantId');
    requireKey(state.userId, 'userId');
    return state;
  };
  // The keys live in their columns; the JSON holds the rest.
  const jsonOf = ({ tenantId: _tenant, userId, ...rest }: UserSyncState) => toJson(rest, `sync state of user ${userId}`);

  return {
    async loadAll(tenantId) {
      const { rows } = await pool.query<[string, string]>({
        text: 'SELECT user_id, state_json FROM sync_states WHERE tenant_id = $1',
        values: [tenantId],
        rowMode: 'array', // 100k rows: arrays are lighter than one object per row
      });
      return rows.map(([userId, json]) => ({
        ...fromJson<StoredState>(json, `sync state of user ${userId} in tenant ${tenantId}`),
        tenantId,
        userId,
      }));
    },
    async save(state) {
      checked(state);
      const held = fence ? fence.of(state.tenantId) : 'off';
      if (held === 'off') {
        await pool.query(UPSERT_BATCH, [[state.tenantId], [state.userId], [jsonOf(state)]]);
        return;
      }
      if (!held) throw new FencedWriteError(state.tenantId);
      // One statement, so one round trip: the fence row is read and locked in the same transaction as the upsert.
      const result = await pool.query(FENCED_UPSERT, [[state.tenantId], [state.userId], [jsonOf(state)], held.holder, held.token]);
      if (!result.rowCount) throw new FencedWriteError(state.tenantId);
    },
    async saveMany(states) {
      states.forEach(checked);
      // One statement must not touch a row twice: a user saved twice in a batch keeps the later state, as it would saved one by one.
      const unique = lastPerKey(states, (state) => `${state.tenantId}\u0000${state.userId}`);
      await inTransaction(pool, async (client) => {
        for (const tenantId of new Set(unique.map((s) => s.tenantId))) await checkFence(client, fence, tenantId);
        for (const chunk of chunked(unique)) {
          await client.query(UPSERT_BATCH, [chunk.map((s) => s.tenantId), chunk.map((s) => s.userId), chunk.map(jsonOf)]);
        }
      });
    },
    async loadTenantPause(tenantId) {
      const { rows } = await pool.query<{ paused_by: string; paused_at: number }>(
        'SELECT paused_by, paused_at FROM tenant_pauses WHERE tenant_id = $1',
        [tenantId],
      );
      return rows[0] ? { by: rows[0].paused_by, at: rows[0].paused_at } : undefined;
    },
    async savePause(tenantId, states, tenantPause) {
      requireKey(tenantId, 'tenantId');
      assertOwnedBy(tenantId, states, 'sync state');
      states.forEach(checked);
      const unique = lastPerKey(states, (state) => state.userId);
      await inTransaction(pool, async (client) => {
        await checkFence(client, fence, tenantId);
        if (tenantPause) {
          await client.query(
            `INSERT INTO tenant_pauses (tenant_id, paused_by, paused_at) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id) DO UPDATE SET paused_by = excluded.paused_by, paused_at = excluded.paused_at`,
            [tenantId, tenantPause.by, tenantPause.at],
          );
        } else if (tenantPause === null) {
          await client.query('DELETE FROM tenant_pauses WHERE tenant_id = $1', [tenantId]);
        }
        for (const chunk of chunked(unique)) {
          await client.query(UPSERT_BATCH, [chunk.map((s) => s.tenantId), chunk.map((s) => s.userId), chunk.map(jsonOf)]);
        }
      });
    },
    async remove(tenantId, userIds) {
      if (userIds.length === 0) return 0;
      const result = await pool.query('DELETE FROM sync_states WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [tenantId, userIds]);
      return result.rowCount ?? 0;
    },
  };
}
