import type pg from 'pg';
import type { DirectoryUser } from '../../identity/types';
import { fromJson, requireKey, toJson } from '../row-values';
import type { DirectoryRepository } from '../../identity/repositories';
import type { Clock } from '../../time/clock';
import { chunked, inTransaction, lastPerKey } from './pool';

export function createPostgresDirectoryRepository(pool: pg.Pool, clock: Clock): DirectoryRepository {
  const syncRow = async (tenantId: string) => {
    const { rows } = await pool.query<{ delta_link: string | null; last_refresh_at: number }>(
      'SELECT delta_link, last_refresh_at FROM directory_sync WHERE tenant_id = $1',
      [tenantId],
    );
    return rows[0];
  };

  return {
    async listUsers(tenantId) {
      const { rows } = await pool.query<{ user_json: string }>(
        'SELECT user_json FROM directory_users WHERE tenant_id = $1 ORDER BY user_id',
        [tenantId],
      );
      return rows.map((row) => fromJson<DirectoryUser>(row.user_json, `directory user of tenant ${tenantId}`));
    },
    async applyDelta(tenantId, change) {
      requireKey(tenantId, 'tenantId');
      change.upserts.forEach((user) => requireKey(user.id, 'directory user id'));
      // The same user twice in one round: the later one wins, as it would applied one by one.
      const upserts = lastPerKey(change.upserts, (user) => user.id);
      await inTransaction(pool, async (client) => {
        // A full resync starts from nothing: users missing from it are gone.
        if (change.fullResync) await client.query('DELETE FROM directory_users WHERE tenant_id = $1', [tenantId]);
        // Serialised one chunk at a time (a failure rolls everything back): the JSON of 100,000 users at once
        // would be tens of MB of start-up peak for nothing.
        for (const chunk of chunked(upserts)) {
          await client.query(
            `INSERT INTO directory_users (tenant_id, user_id, user_json)
             SELECT $1, batch.user_id, batch.user_json FROM unnest($2::text[], $3::text[]) AS batch (user_id, user_json)
             ON CONFLICT (tenant_id, user_id) DO UPDATE SET user_json = excluded.user_json`,
            [tenantId, chunk.map((user) => user.id), chunk.map((user) => toJson(user, `directory user ${user.id}`))],
          );
        }
        if (change.removals.length > 0) {
          await client.query('DELETE FROM directory_users WHERE tenant_id = $1 AND user_id = ANY($2::text[])', [tenantId, change.removals]);
        }
        await client.query(
          `INSERT INTO directory_sync (tenant_id, delta_link, last_refresh_at) VALUES ($1, $2, $3)
           ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, last_refresh_at = excluded.last_refresh_at`,
          [tenantId, change.deltaLink, clock.now()],
        );
      });
    },
    async getDeltaLink(tenantId) {
      return (await syncRow(tenantId))?.delta_link ?? undefined;
    },
    async lastRefreshAt(tenantId) {
      return (await syncRow(tenantId))?.last_refresh_at;
    },
  };
}
