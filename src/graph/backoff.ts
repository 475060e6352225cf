/**
 * How long to wait before a retry: the server's Retry-After when it gave one (seconds, possibly
 * fractional, or an HTTP date), otherwise exponential backoff with full jitter, capped.
 */

export interface BackoffPolicy {
  /** Delay scale of the first retry. */
  baseMs: number;
  /** No single wait is longer than this. */
  capMs: number;
  /** Attempts in total, the first included. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000, maxAttempts: 6 };

/**
 * Full jitter: uniform in [ceiling/2, ceiling] where ceiling = min(cap, base * 2^(retry-1)). Keeping the
 * lower half out avoids hammering right after a failure, the jitter spreads tenants and workers apart.
 */
export function backoffDelayMs(retry: number, policy: Pick<BackoffPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After in ms, or undefined when absent or unreadable. Negative or past values become 0. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Statuses worth another try: throttling and the server's own trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
