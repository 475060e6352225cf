/** The alert outbox's row, as both stores read it. */
import { fromJson } from '../row-values';
import type { AlertOutboxRecord } from '../../alerts/alert-repository';

export interface OutboxRow {
  id: number;
  tenant_id: string;
  message_json: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  last_error: string | null;
}

export const OUTBOX_COLUMNS = 'id, tenant_id, message_json, attempts, next_attempt_at, created_at, last_error';

export function outboxRecordOf(row: OutboxRow): AlertOutboxRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    message: fromJson<Record<string, unknown>>(row.message_json, `alert outbox row ${row.id}`),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}
