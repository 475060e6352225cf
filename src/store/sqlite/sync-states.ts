/**
 * Per-user engine state, sized for 100,000 users per tenant: `loadAll` is one indexed range scan, `save` one
 * prepared upsert, `saveMany` the same upsert repeated inside one transaction (a single fsync). A pause or
 * resume stores the users' states and the tenant-wide flag in one transaction.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { UserSyncState } from '../../sync/types';
import type { SyncStateStore } from '../store';
import { assertOwnedBy, fromJson, inTransaction, requireKey, toJson } from './database';

export function createSqliteSyncStateRepository(db: DatabaseSync): SyncStateStore {
  const loadAll = db.prepare('SELECT user_id, state_json FROM sync_states WHERE tenant_id = ?');
  loadAll.setReturnArrays(true); // 100k rows: arrays are lighter than one object per row
  const upsert = db.prepare(`
    INSERT INTO sync_states (tenant_id, user_id, state_json) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id, user_id) DO UPDATE SET state_json = excluded.state_json`);
  const removeOne = db.prepare('DELETE FROM sync_states WHERE tenant_id = ? AND user_id = ?');
  const readPause = db.prepare('SELECT paused_by, paused_at FROM tenant_pauses WHERE tenant_id = ?');
  const putPause = db.prepare(`
    INSERT INTO tenant_pauses (tenant_id, paused_by, paused_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET paused_by = excluded.paused_by, paused_at = excluded.paused_at`);
  const clearPause = db.prepare('DELETE FROM tenant_pauses WHERE tenant_id = ?');

  const write = (state: UserSyncState) => {
    requireKey(state.tenantId, 'tenantId');
    requireKey(state.userId, 'userId');
    // The keys live in their columns; the JSON holds the rest.
    const { tenantId, userId, ...rest } = state;
    upsert.run(tenantId, userId, toJson(rest, `sync state of user ${userId}`));
  };

  return {
    async loadAll(tenantId) {
      const states: UserSyncState[] = [];
      for (const [userId, json] of loadAll.iterate(tenantId) as Iterable<[string, string]>) {
        states.push({
          ...fromJson<Omit<UserSyncState, 'tenantId' | 'userId'>>(json, `sync state of user ${userId} in tenant ${tenantId}`),
          tenantId,
          userId,
        });
      }
      return states;
    },
    async save(state) {
      write(state);
    },
    async saveMany(states) {
      inTransaction(db, () => states.forEach(write));
    },
    async loadTenantPause(tenantId) {
      const row = readPause.get(tenantId) as { paused_by: string; paused_at: number } | undefined;
      return row ? { by: row.paused_by, at: row.paused_at } : undefined;
    },
    async savePause(tenantId, states, tenantPause) {
      requireKey(tenantId, 'tenantId');
      assertOwnedBy(tenantId, states, 'sync state');
      inTransaction(db, () => {
        if (tenantPause) putPause.run(tenantId, tenantPause.by, tenantPause.at);
        else if (tenantPause === null) clearPause.run(tenantId);
        states.forEach(write);
      });
    },
    async remove(tenantId, userIds) {
      return inTransaction(db, () => userIds.reduce((removed, userId) => removed + Number(removeOne.run(tenantId, userId).changes), 0));
    },
  };
}
