/**
 * Retry timing shared by every side that talks to something remote (Graph, the webhook PBX, Asterisk, SIP):
 * exponential backoff with a chosen jitter, the server's own Retry-After, and a retry loop. Sleep and
 * randomness are injected so tests run without waiting; `realSleep` is the production default.
 */
import { realSleep, type Sleep } from './time/real-time';

/**
 * How a wait is spread below the exponential ceiling, min(maxDelayMs, baseDelayMs * 2^(failures-1)):
 * - `full`: uniform in [0, ceiling), so many clients retrying after the same outage do not come back in
 *   lockstep;
 * - `equal`: uniform in [ceiling/2, ceiling]: keeping the lower half out avoids hammering right after a
 *   failure, the other half still spreads tenants and workers apart;
 * - `none`: the ceiling itself.
 */
export type Jitter = 'full' | 'equal' | 'none';

export interface BackoffPolicy {
  /** Total tries, the first one included (1 = no retry). */
  maxAttempts: number;
  /** Ceiling of the first retry's wait; it doubles with every further failure. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** Default `full`. */
  jitter?: Jitter;
}

/** The part of a policy that decides one wait, for callers that retry forever (reconnects, resubscribes). */
export type BackoffTiming = Pick<BackoffPolicy, 'baseDelayMs' | 'maxDelayMs' | 'jitter'>;

/** The longest wait before the next try (the jitter spreads below it). */
export function backoffCeilingMs(failedAttempts: number, timing: BackoffTiming): number {
  return Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

/** The wait before the next try; `failedAttempts` counts the tries that already failed (1 after the first). */
export function backoffDelayMs(failedAttempts: number, timing: BackoffTiming, random: () => number = Math.random): number {
  const ceiling = backoffCeilingMs(failedAttempts, timing);
  switch (timing.jitter ?? 'full') {
    case 'full':
      return Math.floor(random() * ceiling);
    case 'equal':
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    case 'none':
      return ceiling;
  }
}

/**
 * Retry-After in ms (seconds, possibly fractional, or an HTTP date), or undefined when absent or
 * unreadable. Negative or past values become 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.ceil(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined; // some 306 digits or more read as Infinity: no usable wait
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
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
export async function retryWithBackoff<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryResult<T>> {
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
          : backoffDelayMs(attempt, options.policy, random);
      options.onRetry?.({ failedAttempts: attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
