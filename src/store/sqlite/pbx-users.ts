import type { DatabaseSync } from 'node:sqlite';
import type { PbxUser } from '../../pbx/connector';
import { StoreInputError } from '../errors';
import type { PbxUserRepository } from '../store';
import { firstDuplicate, fromJson, inTransaction, requireKey, toJson } from './database';

export function createSqlitePbxUserRepository(db: DatabaseSync): PbxUserRepository {
  const listAll = db.prepare('SELECT user_json FROM pbx_users WHERE tenant_id = ? ORDER BY extension');
  const removeAll = db.prepare('DELETE FROM pbx_users WHERE tenant_id = ?');
  const insert = db.prepare('INSERT INTO pbx_users (tenant_id, extension, user_json) VALUES (?, ?, ?)');

  return {
    async list(tenantId) {
      return (listAll.all(tenantId) as { user_json: string }[]).map((row) =>
        fromJson<PbxUser>(row.user_json, `PBX user of tenant ${tenantId}`),
      );
    },
    async replace(tenantId, users) {
      requireKey(tenantId, 'tenantId');
      users.forEach((user) => requireKey(user.extension, 'PBX user extension'));
      const duplicate = firstDuplicate(users.map((user) => user.extension));
      if (duplicate !== undefined) {
        throw new StoreInputError(`the PBX user list of tenant ${tenantId} has extension ${duplicate} twice`);
      }
      const rows = users.map((user) => [user.extension, toJson(user, `PBX user ${user.extension}`)] as const);
      inTransaction(db, () => {
        removeAll.run(tenantId);
        for (const [extension, json] of rows) insert.run(tenantId, extension, json);
      });
    },
  };
}
