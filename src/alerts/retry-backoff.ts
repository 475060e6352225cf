/** How long an undelivered alert waits before the next try: doubling from `firstMs`, capped at `maxMs`. */
import { backoffDelayMs } from '../backoff';

export interface RetrySettings {
  firstMs: number;
  maxMs: number;
}

export function retryDelayMs(attempts: number, settings: RetrySettings): number {
  // No jitter: one outbox per tenant, nothing to spread apart, and tests read exact times.
  return backoffDelayMs(attempts, { baseDelayMs: settings.firstMs, maxDelayMs: settings.maxMs, jitter: 'none' });
}
