import type { DatabaseSync } from 'node:sqlite';
import type { PbxUser } from '../../identity/types';
import type { PbxUserRepository } from '../../identity/repositories';
import { fromJson, inTransaction, toJson } from './database';
import { checkPbxUsers } from '../rows/pbx-user-rows';

export function createSqlitePbxUserRepository(db: DatabaseSync): PbxUserRepository {
  const listAll = db.prepare('SELECT user_json FROM pbx_users WHERE tenant_id = ? ORDER BY extension');
  listAll.setReturnArrays(true);
  const removeAll = db.prepare('DELETE FROM pbx_users WHERE tenant_id = ?');
  const insert = db.prepare('INSERT INTO pbx_users (tenant_id, extension, user_json) VALUES (?, ?, ?)');

  return {
    async list(tenantId) {
      const users: PbxUser[] = [];
      for (const [json] of listAll.iterate(tenantId) as Iterable<[string]>)
        users.push(fromJson<PbxUser>(json, `PBX user of tenant ${tenantId}`));
      return users;
    },
    async replace(tenantId, users) {
      checkPbxUsers(tenantId, users);
      inTransaction(db, () => {
        removeAll.run(tenantId);
        // One at a time inside the transaction, which rolls back on a failure: see the directory's applyDelta.
        for (const user of users) insert.run(tenantId, user.extension, toJson(user, `PBX user ${user.extension}`));
      });
    },
  };
}
