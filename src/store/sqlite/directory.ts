import type { DatabaseSync } from 'node:sqlite';
import type { DirectoryUser } from '../../identity/types';
import type { DirectoryRepository } from '../store';
import type { Clock } from '../../sync/ports';
import { fromJson, inTransaction, requireKey, toJson } from './database';

export function createSqliteDirectoryRepository(db: DatabaseSync, clock: Clock): DirectoryRepository {
  const listAll = db.prepare('SELECT user_json FROM directory_users WHERE tenant_id = ? ORDER BY user_id');
  const upsertUser = db.prepare(`
    INSERT INTO directory_users (tenant_id, user_id, user_json) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET user_json = excluded.user_json`);
  const removeUser = db.prepare('DELETE FROM directory_users WHERE tenant_id = ? AND user_id = ?');
  const removeAll = db.prepare('DELETE FROM directory_users WHERE tenant_id = ?');
  const putSync = db.prepare(`
    INSERT INTO directory_sync (tenant_id, delta_link, last_refresh_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link, last_refresh_at = excluded.last_refresh_at`);
  const getSync = db.prepare('SELECT delta_link, last_refresh_at FROM directory_sync WHERE tenant_id = ?');

  const syncRow = (tenantId: string) =>
    getSync.get(tenantId) as { delta_link: string | null; last_refresh_at: number } | undefined;

  return {
    async listUsers(tenantId) {
      return (listAll.all(tenantId) as { user_json: string }[]).map((row) =>
        fromJson<DirectoryUser>(row.user_json, `directory user of tenant ${tenantId}`),
      );
    },
    async applyDelta(tenantId, change) {
      requireKey(tenantId, 'tenantId');
      change.upserts.forEach((user) => requireKey(user.id, 'directory user id'));
      const rows = change.upserts.map((user) => [user.id, toJson(user, `directory user ${user.id}`)] as const);
      inTransaction(db, () => {
        // A full resync starts from nothing: users missing from it are gone.
        if (change.fullResync) removeAll.run(tenantId);
        for (const [userId, json] of rows) upsertUser.run(tenantId, userId, json);
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
