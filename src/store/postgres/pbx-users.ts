import type pg from 'pg';
import type { PbxUser } from '../../identity/types';
import { fromJson, toJson } from '../row-values';
import { checkPbxUsers } from '../rows/pbx-user-rows';
import type { PbxUserRepository } from '../../identity/repositories';
import { chunked, inTransaction } from './pool';

export function createPostgresPbxUserRepository(pool: pg.Pool): PbxUserRepository {
  return {
    async list(tenantId) {
      const { rows } = await pool.query<{ user_json: string }>('SELECT user_json FROM pbx_users WHERE tenant_id = $1 ORDER BY extension', [
        tenantId,
      ]);
      return rows.map((row) => fromJson<PbxUser>(row.user_json, `PBX user of tenant ${tenantId}`));
    },
    async replace(tenantId, users) {
      checkPbxUsers(tenantId, users);
      await inTransaction(pool, async (client) => {
        await client.query('DELETE FROM pbx_users WHERE tenant_id = $1', [tenantId]);
        for (const chunk of chunked(users)) {
          await client.query(
            `INSERT INTO pbx_users (tenant_id, extension, user_json)
             SELECT $1, batch.extension, batch.user_json FROM unnest($2::text[], $3::text[]) AS batch (extension, user_json)`,
            [tenantId, chunk.map((user) => user.extension), chunk.map((user) => toJson(user, `PBX user ${user.extension}`))],
          );
        }
      });
    },
  };
}
