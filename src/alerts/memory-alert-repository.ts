/**
 * An AlertRepository in memory: for a store that offers none (alerts then survive only while the process
 * runs) and for tests.
 */
import type { AlertChannelRecord, AlertOutboxRecord, AlertRepository, BotInstallationRecord, OpenAlertRecord } from './alert-repository';

export function createMemoryAlertRepository(): AlertRepository {
  const installations = new Map<string, BotInstallationRecord>();
  const channels = new Map<string, AlertChannelRecord>();
  const open = new Map<string, OpenAlertRecord>();
  const outbox = new Map<number, AlertOutboxRecord>();
  let nextId = 1;
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    async putInstallation(record) {
      installations.set(`${record.tenantId}\n${record.teamId}`, copy(record));
    },
    async installations(tenantId) {
      return [...installations.values()].filter((r) => r.tenantId === tenantId).map(copy);
    },
    async removeInstallation(tenantId, teamId) {
      installations.delete(`${tenantId}\n${teamId}`);
    },
    async channel(tenantId) {
      const record = channels.get(tenantId);
      return record && copy(record);
    },
    async setChannel(record) {
      channels.set(record.tenantId, copy(record));
    },
    async clearChannel(tenantId) {
      channels.delete(tenantId);
    },
    async openAlerts(tenantId) {
      return [...open.values()].filter((r) => r.tenantId === tenantId).map(copy);
    },
    async putOpenAlert(record) {
      const previous = open.get(`${record.tenantId}\n${record.key}`);
      open.set(`${record.tenantId}\n${record.key}`, copy({ ...record, openedAt: previous?.openedAt ?? record.openedAt }));
    },
    async deleteOpenAlert(tenantId, key) {
      open.delete(`${tenantId}\n${key}`);
    },
    async enqueue(tenantId, message, createdAt, nextAttemptAt) {
      const id = nextId++;
      outbox.set(id, { id, tenantId, message: copy(message), attempts: 0, nextAttemptAt, createdAt });
      return id;
    },
    async pending(tenantId) {
      return [...outbox.values()].filter((r) => tenantId === undefined || r.tenantId === tenantId).map(copy);
    },
    async reschedule(id, attempts, nextAttemptAt, lastError) {
      const record = outbox.get(id);
      if (record) outbox.set(id, { ...record, attempts, nextAttemptAt, lastError });
    },
    async remove(id) {
      outbox.delete(id);
    },
  };
}
