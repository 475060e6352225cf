/** The tenants table's row, as both stores read and write it. */
import { StoreInputError } from '../errors';
import { fromJson, requireKey, toJson } from '../row-values';
import type { TenantRecord } from '../store';

export interface TenantRow {
  tenant_id: string;
  display_name: string;
  mode: TenantRecord['mode'];
  client_id: string | null;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export const TENANT_COLUMNS = 'tenant_id, display_name, mode, client_id, settings_json, created_at, updated_at';

/** The values of TENANT_COLUMNS for a record, after checking it. */
export function tenantRowValues(record: TenantRecord): [string, string, string, string | null, string, number, number] {
  requireKey(record.tenantId, 'tenantId');
  if (record.mode !== 'demo' && record.mode !== 'app') {
    throw new StoreInputError(`tenant ${record.tenantId} has mode "${String(record.mode)}"; use "demo" or "app"`);
  }
  return [
    record.tenantId,
    record.displayName,
    record.mode,
    record.clientId ?? null,
    toJson(record.settings ?? {}, `settings of tenant ${record.tenantId}`),
    record.createdAt,
    record.updatedAt,
  ];
}

export function tenantRecordOf(row: TenantRow): TenantRecord {
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
