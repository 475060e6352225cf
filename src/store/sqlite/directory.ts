import type { DatabaseSync } from 'node:sqlite';
import type { DirectoryUser } from '../../identity/types';
import type { DirectoryRepository } from '../../identity/repositories';
import type { Clock } from '../../time/clock';
import { fromJson, inTransaction, requireKey, toJson } from './database';

export function createSqliteDirectoryRepository(db: DatabaseSync, clock: Clock): DirectoryRepository {
  const listAll = db.prepare('SELECT user_json FROM directory_users WHERE tenant_id = ? ORDER BY user_id');
  listAll.setReturnArrays(true);
  const upsertUser = db.prepare(`
    INSERT INTO directory_users (tenant_id, user_id, user_json) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET user_json = excluded.user_json`);
  const removeUser = db.prepare('DELETE FROM directory_users WHERE tenant_id = ? AND user_id = ?');
  const removeAll = db.prepare('DELETE FROM directory_users WHERE tenant_id = ?');
  const putSync = db.prepare(`
    INSERT INTO directory_sync (tenant_id, delta_link, last_refresh_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, last_refresh_at = excluded.last_refresh_at`);
  const getSync = db.prepare('SELECT delta_link, last_refresh_at FROM directory_sync WHERE tenant_id = ?');

  const syncRow = (tenantId: string) => getSync.get(tenantId) as { delta_link: string | null; last_refresh_at: number } | undefined;

  return {
    async listUsers(tenantId) {
      // Row by row: all() would hold every row's JSON text next to the parsed users.
      const users: DirectoryUser[] = [];
      for (const [json] of listAll.iterate(tenantId) as Iterable<[string]>) {
        users.push(fromJson<DirectoryUser>(json, `directory user of tenant ${tenantId}`));
      }
      return users;
    },
    async applyDelta(tenantId, change) {
      requireKey(tenantId, 'tenantId');
      change.upserts.forEach((user) => requireKey(user.id, 'directory user id'));
      inTransaction(db, () => {
        // A full resync starts from nothing: users missing from it are gone.
        if (change.fullResync) removeAll.run(tenantId);
        // Serialised one at a time inside the transaction (a failure rolls it all back): the JSON of 100,000
        // users all at once would be tens of MB of start-up peak for nothing.
        for (const user of change.upserts) upsertUser.run(tenantId, user.id, toJson(user, `directory user ${user.id}`));
        for (const userId of change.removals) removeUser.run(tenantId, userId);
        putSync.run(tenantId, change.deltaLink, clock.now());
      });
    },
    async getDeltaLink(tenantId) {
      return syncRow(tenantId)?.delta_link ?? undefined;
    },
    async lastRefreshAt(tenantId) {
      return syncRow(tenantId)?.last_refresh_at;
    },
  };
}
