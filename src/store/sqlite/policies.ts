import type { DatabaseSync } from 'node:sqlite';
import type { PolicyRepository } from '../store';
import type { Clock } from '../../time/clock';
import { fromJson, requireKey, toJson } from './database';

export function createSqlitePolicyRepository(db: DatabaseSync, clock: Clock): PolicyRepository {
  const getOne = db.prepare('SELECT policy_json FROM policies WHERE tenant_id = ?');
  const upsert = db.prepare(`
    INSERT INTO policies (tenant_id, policy_json, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET policy_json = excluded.policy_json, updated_at = excluded.updated_at`);

  return {
    async get(tenantId) {
      const row = getOne.get(tenantId) as { policy_json: string } | undefined;
      return row && fromJson<unknown>(row.policy_json, `policy of tenant ${tenantId}`);
    },
    async put(tenantId, policy) {
      requireKey(tenantId, 'tenantId');
      upsert.run(tenantId, toJson(policy, `policy of tenant ${tenantId}`), clock.now());
    },
  };
}
