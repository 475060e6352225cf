import type { DatabaseSync } from 'node:sqlite';
import type { TenantRepository } from '../store';
import { TENANT_COLUMNS as COLUMNS, tenantRecordOf as toRecord, tenantRowValues, type TenantRow } from '../rows/tenant-row';

export function createSqliteTenantRepository(db: DatabaseSync): TenantRepository {
  const listAll = db.prepare(`SELECT ${COLUMNS} FROM tenants ORDER BY tenant_id`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM tenants WHERE tenant_id = ?`);
  // created_at is kept from the first insert: a record is created once, however often it is saved.
  const upsert = db.prepare(`
    INSERT INTO tenants (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET
      display_name = excluded.display_name, mode = excluded.mode, client_id = excluded.client_id,
      settings_json = excluded.settings_json, updated_at = excluded.updated_at`);

  return {
    async list() {
      return (listAll.all() as unknown as TenantRow[]).map(toRecord);
    },
    async get(tenantId) {
      const row = getOne.get(tenantId) as TenantRow | undefined;
      return row && toRecord(row);
    },
    async upsert(record) {
      upsert.run(...tenantRowValues(record));
    },
  };
}
