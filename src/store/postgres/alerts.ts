import type pg from 'pg';
import { fromJson, requireKey, toJson } from '../row-values';
import type { AlertRepository } from '../../alerts/alert-repository';
import { installationOf, type InstallationRow } from '../rows/installation-row';
import { OUTBOX_COLUMNS, outboxRecordOf as toOutboxRecord, type OutboxRow } from '../rows/outbox-row';

export function createPostgresAlertRepository(pool: pg.Pool): AlertRepository {
  return {
    async putInstallation(record) {
      requireKey(record.tenantId, 'tenantId');
      requireKey(record.teamId, 'teamId');
      await pool.query(
        `INSERT INTO bot_installations (tenant_id, team_id, reference_json, installed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, team_id) DO UPDATE SET reference_json = excluded.reference_json, installed_at = excluded.installed_at`,
        [record.tenantId, record.teamId, toJson(record.reference, `conversation reference of team ${record.teamId}`), record.installedAt],
      );
    },
    async installations(tenantId) {
      const { rows } = await pool.query<InstallationRow>(
        'SELECT team_id, reference_json, installed_at FROM bot_installations WHERE tenant_id = $1 ORDER BY team_id',
        [tenantId],
      );
      return rows.map((r) => installationOf(r, tenantId));
    },
    async removeInstallation(tenantId, teamId) {
      await pool.query('DELETE FROM bot_installations WHERE tenant_id = $1 AND team_id = $2', [tenantId, teamId]);
    },

    async channel(tenantId) {
      const { rows } = await pool.query<{ reference_json: string; set_by: string; set_at: number }>(
        'SELECT reference_json, set_by, set_at FROM alert_channels WHERE tenant_id = $1',
        [tenantId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        tenantId,
        reference: fromJson<Record<string, unknown>>(row.reference_json, `alert channel of tenant ${tenantId}`),
        setBy: row.set_by,
        setAt: row.set_at,
      };
    },
    async setChannel(record) {
      requireKey(record.tenantId, 'tenantId');
      await pool.query(
        `INSERT INTO alert_channels (tenant_id, reference_json, set_by, set_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id) DO UPDATE SET reference_json = excluded.reference_json, set_by = excluded.set_by, set_at = excluded.set_at`,
        [record.tenantId, toJson(record.reference, `alert channel of tenant ${record.tenantId}`), record.setBy, record.setAt],
      );
    },
    async clearChannel(tenantId) {
      await pool.query('DELETE FROM alert_channels WHERE tenant_id = $1', [tenantId]);
    },

    async openAlerts(tenantId) {
      const { rows } = await pool.query<{ alert_key: string; alert_json: string; opened_at: number }>(
        'SELECT alert_key, alert_json, opened_at FROM open_alerts WHERE tenant_id = $1 ORDER BY opened_at, alert_key',
        [tenantId],
      );
      return rows.map((r) => ({
        tenantId,
        key: r.alert_key,
        alert: fromJson<Record<string, unknown>>(r.alert_json, `open alert ${r.alert_key} of tenant ${tenantId}`),
        openedAt: r.opened_at,
      }));
    },
    async putOpenAlert(record) {
      requireKey(record.tenantId, 'tenantId');
      requireKey(record.key, 'alert key');
      await pool.query(
        `INSERT INTO open_alerts (tenant_id, alert_key, alert_json, opened_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, alert_key) DO UPDATE SET alert_json = excluded.alert_json`,
        [record.tenantId, record.key, toJson(record.alert, `alert ${record.key}`), record.openedAt],
      );
    },
    async deleteOpenAlert(tenantId, key) {
      await pool.query('DELETE FROM open_alerts WHERE tenant_id = $1 AND alert_key = $2', [tenantId, key]);
    },

    async enqueue(tenantId, message, createdAt, nextAttemptAt) {
      requireKey(tenantId, 'tenantId');
      const { rows } = await pool.query<{ id: number }>(
        'INSERT INTO alert_outbox (tenant_id, message_json, attempts, next_attempt_at, created_at) VALUES ($1, $2, 0, $3, $4) RETURNING id',
        [tenantId, toJson(message, `alert message of tenant ${tenantId}`), nextAttemptAt, createdAt],
      );
      return rows[0].id;
    },
    async pending(tenantId) {
      const { rows } =
        tenantId === undefined
          ? await pool.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox ORDER BY id`)
          : await pool.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
      return rows.map(toOutboxRecord);
    },
    async reschedule(id, attempts, nextAttemptAt, lastError) {
      await pool.query('UPDATE alert_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4', [
        attempts,
        nextAttemptAt,
        lastError,
        id,
      ]);
    },
    async remove(id) {
      await pool.query('DELETE FROM alert_outbox WHERE id = $1', [id]);
    },
  };
}
