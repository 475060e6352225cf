/** The audit log in SQLite: appended one entry at a time, read newest first per tenant, pruned by age. */
import type { DatabaseSync } from 'node:sqlite';
import type { AuditRepository } from '../store';
import { AUDIT_COLUMNS, assertLimit, auditRecordOf, auditRowValues, type AuditRow } from '../rows/audit-row';

export function createSqliteAuditRepository(db: DatabaseSync): AuditRepository {
  const insert = db.prepare(
    'INSERT INTO audit_log (tenant_id, at, actor, action, target, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const newest = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT ?`);
  const newestBefore = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id = ? AND id < ? ORDER BY id DESC LIMIT ?`);
  const removeOlder = db.prepare('DELETE FROM audit_log WHERE at < ?');

  return {
    async append(entry) {
      return Number(insert.run(...auditRowValues(entry)).lastInsertRowid);
    },
    async list(tenantId, { limit, beforeId }) {
      assertLimit(limit);
      const rows = (beforeId === undefined
        ? newest.all(tenantId, limit)
        : newestBefore.all(tenantId, beforeId, limit)) as unknown as AuditRow[];
      return rows.map(auditRecordOf);
    },
    async prune(olderThan) {
      return Number(removeOlder.run(olderThan).changes);
    },
  };
}
