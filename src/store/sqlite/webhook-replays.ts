/**
 * Signatures of accepted webhook requests, until their freshness window ends. Admitting is one upsert that only
 * overwrites an expired row, so "first time?" and "remember it" are a single atomic step.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { WebhookReplayRepository } from '../store';
import { requireKey } from './database';

export function createSqliteWebhookReplayRepository(db: DatabaseSync): WebhookReplayRepository {
  const admit = db.prepare(`
    INSERT INTO webhook_replays (tenant_id, signature, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (tenant_id, signature) DO UPDATE SET expires_at = excluded.expires_at WHERE webhook_replays.expires_at < ?`);
  const prune = db.prepare('DELETE FROM webhook_replays WHERE expires_at < ?');

  return {
    async admit(tenantId, signature, expiresAt, now) {
      requireKey(tenantId, 'tenantId');
      requireKey(signature, 'signature');
      return Number(admit.run(tenantId, signature, expiresAt, now).changes) === 1;
    },
    async prune(now) {
      return Number(prune.run(now).changes);
    },
  };
}
