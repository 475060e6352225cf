/** An audit entry as both stores keep it: keys and time in columns, before and after as JSON (absent: NULL). */
import type { AuditRecord } from '../store';
import { StoreInputError } from '../errors';
import { fromJson, requireKey, toJson } from '../row-values';

export const AUDIT_COLUMNS = 'id, tenant_id, at, actor, action, target, before_json, after_json';

export interface AuditRow {
  id: number;
  tenant_id: string;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  before_json: string | null;
  after_json: string | null;
}

export function auditRowValues(
  entry: Omit<AuditRecord, 'id'>,
): [string, number, string, string, string | null, string | null, string | null] {
  requireKey(entry.tenantId, 'audit entry tenantId');
  requireKey(entry.by, 'audit entry by');
  requireKey(entry.action, 'audit entry action');
  if (!Number.isFinite(entry.at)) throw new StoreInputError(`audit entry at must be a time in ms, got ${entry.at}`);
  const json = (value: unknown, what: string) => (value === undefined ? null : toJson(value, `audit entry ${what}`));
  return [entry.tenantId, entry.at, entry.by, entry.action, entry.target ?? null, json(entry.before, 'before'), json(entry.after, 'after')];
}

export function auditRecordOf(row: AuditRow): AuditRecord {
  const where = `audit entry ${row.id} of tenant ${row.tenant_id}`;
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    at: Number(row.at),
    by: row.actor,
    action: row.action,
    ...(row.target !== null ? { target: row.target } : {}),
    ...(row.before_json !== null ? { before: fromJson<unknown>(row.before_json, where) } : {}),
    ...(row.after_json !== null ? { after: fromJson<unknown>(row.after_json, where) } : {}),
  };
}

/** A page size handed to the audit repository. */
export function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new StoreInputError(`audit list limit must be a whole number of 1 or more, got ${limit}`);
}
