import type pg from 'pg';
import { fromJson, requireKey, toJson } from '../row-values';
import type { PolicyRepository } from '../store';
import type { Clock } from '../../time/clock';

export function createPostgresPolicyRepository(pool: pg.Pool, clock: Clock): PolicyRepository {
  return {
    async get(tenantId) {
      const { rows } = await pool.query<{ policy_json: string }>('SELECT policy_json FROM policies WHERE tenant_id = $1', [tenantId]);
      return rows[0] && fromJson<unknown>(rows[0].policy_json, `policy of tenant ${tenantId}`);
    },
    async put(tenantId, policy) {
      requireKey(tenantId, 'tenantId');
      await pool.query(
        `INSERT INTO policies (tenant_id, policy_json, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET policy_json = excluded.policy_json, updated_at = excluded.updated_at`,
        [tenantId, toJson(policy, `policy of tenant ${tenantId}`), clock.now()],
      );
    },
  };
}
