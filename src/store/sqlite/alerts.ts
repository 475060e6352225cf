import type { DatabaseSync } from 'node:sqlite';
import type { AlertRepository } from '../../alerts/alert-repository';
import { installationOf, type InstallationRow } from '../rows/installation-row';
import { OUTBOX_COLUMNS, outboxRecordOf as toOutboxRecord, type OutboxRow } from '../rows/outbox-row';
import { fromJson, requireKey, toJson } from './database';

export function createSqliteAlertRepository(db: DatabaseSync): AlertRepository {
  const upsertInstallation = db.prepare(`
    INSERT INTO bot_installations (tenant_id, team_id, reference_json, installed_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (tenant_id, team_id) DO UPDATE SET reference_json = excluded.reference_json, installed_at = excluded.installed_at`);
  const listInstallations = db.prepare(
    'SELECT team_id, reference_json, installed_at FROM bot_installations WHERE tenant_id = ? ORDER BY team_id',
  );
  const deleteInstallation = db.prepare('DELETE FROM bot_installations WHERE tenant_id = ? AND team_id = ?');

  const getChannel = db.prepare('SELECT reference_json, set_by, set_at FROM alert_channels WHERE tenant_id = ?');
  const upsertChannel = db.prepare(`
    INSERT INTO alert_channels (tenant_id, reference_json, set_by, set_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (tenant_id) DO UPDATE SET reference_json = excluded.reference_json, set_by = excluded.set_by, set_at = excluded.set_at`);
  const deleteChannel = db.prepare('DELETE FROM alert_channels WHERE tenant_id = ?');

  const listOpen = db.prepare('SELECT alert_key, alert_json, opened_at FROM open_alerts WHERE tenant_id = ? ORDER BY opened_at, alert_key');
  const upsertOpen = db.prepare(`
    INSERT INTO open_alerts (tenant_id, alert_key, alert_json, opened_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (tenant_id, alert_key) DO UPDATE SET alert_json = excluded.alert_json`);
  const deleteOpen = db.prepare('DELETE FROM open_alerts WHERE tenant_id = ? AND alert_key = ?');

  const insertOutbox = db.prepare(
    'INSERT INTO alert_outbox (tenant_id, message_json, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, ?, ?)',
  );
  const pendingAll = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox ORDER BY id`);
  const pendingOfTenant = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE tenant_id = ? ORDER BY id`);
  const rescheduleOutbox = db.prepare('UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const deleteOutbox = db.prepare('DELETE FROM alert_outbox WHERE id = ?');

  return {
    async putInstallation(record) {
      requireKey(record.tenantId, 'tenantId');
      requireKey(record.teamId, 'teamId');
      upsertInstallation.run(
        record.tenantId,
        record.teamId,
        toJson(record.reference, `conversation reference of team ${record.teamId}`),
        record.installedAt,
      );
    },
    async installations(tenantId) {
      const rows = listInstallations.all(tenantId) as unknown as InstallationRow[];
      return rows.map((r) => installationOf(r, tenantId));
    },
    async removeInstallation(tenantId, teamId) {
      deleteInstallation.run(tenantId, teamId);
    },

    async channel(tenantId) {
      const row = getChannel.get(tenantId) as { reference_json: string; set_by: string; set_at: number } | undefined;
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
      upsertChannel.run(
        record.tenantId,
        toJson(record.reference, `alert channel of tenant ${record.tenantId}`),
        record.setBy,
        record.setAt,
      );
    },
    async clearChannel(tenantId) {
      deleteChannel.run(tenantId);
    },

    async openAlerts(tenantId) {
      const rows = listOpen.all(tenantId) as unknown as Array<{ alert_key: string; alert_json: string; opened_at: number }>;
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
      upsertOpen.run(record.tenantId, record.key, toJson(record.alert, `alert ${record.key}`), record.openedAt);
    },
    async deleteOpenAlert(tenantId, key) {
      deleteOpen.run(tenantId, key);
    },

    async enqueue(tenantId, message, createdAt, nextAttemptAt) {
      requireKey(tenantId, 'tenantId');
      const result = insertOutbox.run(tenantId, toJson(message, `alert message of tenant ${tenantId}`), nextAttemptAt, createdAt);
      return Number(result.lastInsertRowid);
    },
    async pending(tenantId) {
      const rows = (tenantId === undefined ? pendingAll.all() : pendingOfTenant.all(tenantId)) as unknown as OutboxRow[];
      return rows.map(toOutboxRecord);
    },
    async reschedule(id, attempts, nextAttemptAt, lastError) {
      rescheduleOutbox.run(attempts, nextAttemptAt, lastError, id);
    },
    async remove(id) {
      deleteOutbox.run(id);
    },
  };
}
