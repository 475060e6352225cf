/**
 * Signatures of accepted webhook requests, until their freshness window ends. Admitting is one upsert that only
 * overwrites an expired row: atomic, so two replicas given the same request admit it once.
 */
import type pg from 'pg';
import { requireKey } from '../row-values';
import type { WebhookReplayRepository } from '../store';

export function createPostgresWebhookReplayRepository(pool: pg.Pool): WebhookReplayRepository {
  return {
    async admit(tenantId, signature, expiresAt, now) {
      requireKey(tenantId, 'tenantId');
      requireKey(signature, 'signature');
      const result = await pool.query(
        `INSERT INTO webhook_replays (tenant_id, signature, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, signature) DO UPDATE SET expires_at = excluded.expires_at WHERE webhook_replays.expires_at < $4`,
        [tenantId, signature, expiresAt, now],
      );
      return result.rowCount === 1;
    },
    async prune(now) {
      const result = await pool.query('DELETE FROM webhook_replays WHERE expires_at < $1', [now]);
      return result.rowCount ?? 0;
    },
  };
}
