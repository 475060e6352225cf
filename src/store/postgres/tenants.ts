import type pg from 'pg';
import type { TenantRepository } from '../store';
import { TENANT_COLUMNS as COLUMNS, tenantRecordOf as toRecord, tenantRowValues, type TenantRow } from '../rows/tenant-row';

export function createPostgresTenantRepository(pool: pg.Pool): TenantRepository {
  return {
    async list() {
      const { rows } = await pool.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants ORDER BY tenant_id`);
      return rows.map(toRecord);
    },
    async get(tenantId) {
      const { rows } = await pool.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE tenant_id = $1`, [tenantId]);
      return rows[0] && toRecord(rows[0]);
    },
    async upsert(record) {
      // created_at is kept from the first insert: a record is created once, however often it is saved.
      await pool.query(
        `INSERT INTO tenants (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id) DO UPDATE SET
           display_name = excluded.display_name, mode = excluded.mode, client_id = excluded.client_id,
           settings_json = excluded.settings_json, updated_at = excluded.updated_at`,
        tenantRowValues(record),
      );
    },
  };
}
