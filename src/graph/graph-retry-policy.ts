/**
 * Graph's retry policy: how often and how patiently a Graph request is tried again, and which answers are
 * worth another try. The timing itself is the shared src/backoff.ts.
 */
import type { BackoffPolicy } from '../backoff';

/** Equal jitter: never retry right after a failure, Graph's throttling punishes that. */
export const GRAPH_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: 'equal',
});

/** Statuses worth another try: throttling and the server's own trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
