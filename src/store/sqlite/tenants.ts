import type { DatabaseSync } from 'node:sqlite';
import { StoreInputError } from '../errors';
import type { TenantRecord, TenantRepository } from '../store';
import { fromJson, requireKey, toJson } from './database';

interface TenantRow {
  tenant_id: string;
  display_name: string;
  mode: TenantRecord['mode'];
  client_id: string | null;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'tenant_id, display_name, mode, client_id, settings_json, created_at, updated_at';

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
      requireKey(record.tenantId, 'tenantId');
      if (record.mode !== 'demo' && record.mode !== 'app') {
        throw new StoreInputError(`tenant ${record.tenantId} has mode "${String(record.mode)}"; use "demo" or "app"`);
      }
      upsert.run(
        record.tenantId,
        record.displayName,
        record.mode,
        record.clientId ?? null,
        toJson(record.settings ?? {}, `settings of tenant ${record.tenantId}`),
        record.createdAt,
        record.updatedAt,
      );
    },
  };
}

function toRecord(row: TenantRow): TenantRecord {
  const record: TenantRecord = {
    tenantId: row.tenant_id,
    displayName: row.display_name,
    mode: row.mode,
    settings: fromJson(row.settings_json, `settings of tenant ${row.tenant_id}`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.client_id !== null) record.clientId = row.client_id;
  return record;
}
