/** The audit log in PostgreSQL: the same table and order as SQLite's. */
import type pg from 'pg';
import type { AuditRepository } from '../store';
import { AUDIT_COLUMNS, assertLimit, auditRecordOf, auditRowValues, type AuditRow } from '../rows/audit-row';

export function createPostgresAuditRepository(pool: pg.Pool): AuditRepository {
  return {
    async append(entry) {
      const { rows } = await pool.query<{ id: number }>(
        'INSERT INTO audit_log (tenant_id, at, actor, action, target, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        auditRowValues(entry),
      );
      return Number(rows[0].id);
    },
    async list(tenantId, { limit, beforeId }) {
      assertLimit(limit);
      const { rows } =
        beforeId === undefined
          ? await pool.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`, [
              tenantId,
              limit,
            ])
          : await pool.query<AuditRow>(
              `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
              [tenantId, beforeId, limit],
            );
      return rows.map(auditRecordOf);
    },
    async prune(olderThan) {
      const result = await pool.query('DELETE FROM audit_log WHERE at < $1', [olderThan]);
      return result.rowCount ?? 0;
    },
  };
}
