/**
 * The outbox: every alert message is stored before it is sent and removed only once the sink took it. Per
 * tenant, messages go out in order (a "resolved" never overtakes its alert); a failed one waits with
 * backoff and holds back the ones behind it; the rate limit spreads a storm out instead of dropping it.
 */
import type { AlertRepository } from './alert-repository';
import type { AlertMessage, AlertSink, DeliveryReceipt } from './alert-types';
import type { TenantRateLimit } from './rate-limit';
import { retryDelayMs, type RetrySettings } from './retry-backoff';

export interface DeliveryLog {
  warn(obj: object, msg: string): void;
}

export interface DeliveryDeps {
  repository: AlertRepository;
  sink: AlertSink;
  rateLimit: TenantRateLimit;
  retry: RetrySettings;
  log: DeliveryLog;
  /** Told about each delivered message (the engine remembers the thread of a raised alert). */
  onDelivered(message: AlertMessage, receipt: DeliveryReceipt | void): Promise<void>;
}

export interface DrainResult {
  delivered: number;
  /** When the next message is due (undefined: the outbox is empty). */
  nextDueAt?: number;
}

/** `retryNow`: ignore the backoff of waiting messages (the reason they failed is believed gone). */
export async function drainOutbox(deps: DeliveryDeps, now: number, tenantId?: string, retryNow = false): Promise<DrainResult> {
  const pending = await deps.repository.pending(tenantId);
  const byTenant = new Map<string, typeof pending>();
  for (const record of pending.sort((a, b) => a.id - b.id)) {
    byTenant.set(record.tenantId, [...(byTenant.get(record.tenantId) ?? []), record]);
  }
  let delivered = 0;
  let nextDueAt: number | undefined;
  const due = (at: number) => (nextDueAt = nextDueAt === undefined ? at : Math.min(nextDueAt, at));

  for (const [tenant, records] of byTenant) {
    for (const record of records) {
      if (record.nextAttemptAt > now && !retryNow) {
        due(record.nextAttemptAt);
        break;
      }
      const freeAt = deps.rateLimit.nextFreeAt(tenant, now);
      if (freeAt > now) {
        due(freeAt);
        break;
      }
      const message = record.message as unknown as AlertMessage;
      let receipt: DeliveryReceipt | void;
      try {
        receipt = await deps.sink.deliver(message);
      } catch (error) {
        const attempts = record.attempts + 1;
        const next = now + retryDelayMs(attempts, deps.retry);
        const reason = error instanceof Error ? error.message : String(error);
        await deps.repository.reschedule(record.id, attempts, next, reason);
        deps.log.warn(
          { tenantId: tenant, key: message.key, kind: message.kind, attempts, retryAt: new Date(next).toISOString(), reason },
          'alert not delivered; kept for a retry',
        );
        due(next);
        break;
      }
      await deps.repository.remove(record.id);
      deps.rateLimit.record(tenant, now);
      delivered += 1;
      await deps.onDelivered(message, receipt);
    }
  }
  return { delivered, nextDueAt };
}
