/**
 * Retry with jittered exponential backoff, shared by the connectors. Sleep and randomness are injected so
 * tests run without waiting; `realSleep` is the production default.
 */

import { realSleep, type Sleep } from '../real-time';

export interface BackoffPolicy {
  /** Total tries, the first one included (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 });

/**
 * "Full jitter": a random wait between 0 and the exponential ceiling, so many clients retrying after the same
 * outage do not come back in lockstep. `failedAttempts` counts the tries that already failed (1 after the first).
 */
export function backoffDelay(failedAttempts: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

/** What to do after a failed try: give up, or retry (optionally after a wait the other side asked for). */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

export interface RetryOptions {
  policy: BackoffPolicy;
  classify: (error: unknown) => RetryVerdict;
  sleep?: Sleep;
  random?: () => number;
  /** Called before each wait, e.g. to log or to mark health as degraded. */
  onRetry?: (info: { failedAttempts: number; delayMs: number; error: unknown }) => void;
}

export interface RetryResult<T> {
  value: T;
  attempts: number;
}

/**
 * Runs `task` until it succeeds, `classify` says the error is final, or the tries are used up; the last error
 * is rethrown as is. A server's own wait (Retry-After) wins over the computed one, capped at `maxDelayMs`.
 */
export async function retryWithBackoff<T>(
  task: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryResult<T>> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await task(attempt), attempts: attempt };
    } catch (error) {
      const verdict = options.classify(error);
      if (!verdict.retry || attempt >= options.policy.maxAttempts) throw error;
      const delayMs =
        verdict.afterMs !== undefined
          ? Math.min(verdict.afterMs, options.policy.maxDelayMs)
          : backoffDelay(attempt, options.policy, random);
      options.onRetry?.({ failedAttempts: attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
