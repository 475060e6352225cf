import { backoffDelayMs, parseRetryAfterMs, retryWithBackoff, type BackoffPolicy, type RetryVerdict } from '../src/backoff';

const policy: BackoffPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs with full jitter (the default)', () => {
  test.each([
    [1, 1, 99],
    [2, 1, 199],
    [3, 1, 399],
    [4, 1, 799],
    [5, 1, 999], // capped at maxDelayMs
    [9, 1, 999],
    [3, 0, 0],
    [3, 0.5, 200],
  ])('after %i failed tries with random %p the wait is %i ms', (failed, random, expected) => {
    expect(backoffDelayMs(failed, policy, () => Math.min(random, 0.999))).toBe(expected);
  });
});

describe('backoffDelayMs with equal jitter', () => {
  const equal = { baseDelayMs: 500, maxDelayMs: 8_000, jitter: 'equal' } as const;
  test.each([
    [1, 0, 250],
    [1, 1, 500],
    [2, 0, 500],
    [2, 1, 1_000],
    [4, 1, 4_000],
    [5, 1, 8_000],
    [9, 1, 8_000],
    [9, 0, 4_000],
  ])('retry %i with random %d waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, equal, () => random)).toBe(expected);
  });
});

describe('backoffDelayMs without jitter', () => {
  const none = { baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: 'none' } as const;
  test.each([
    [0, 1_000],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [10, 8_000],
  ])('after %i failures the wait is %i ms, whatever the random number', (failures, expected) => {
    expect(backoffDelayMs(failures, none, () => 0.3)).toBe(expected);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  test.each([
    ['2', 2_000],
    ['2.128', 2_128],
    ['0.0005', 1],
    [' 3 ', 3_000],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    // Found by backoff.property.test.ts: so many digits read as an endless wait (Infinity).
    ['9'.repeat(400), undefined],
    ['', undefined],
    [null, undefined],
  ])('Retry-After %j is %s ms', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

describe('retryWithBackoff', () => {
  const retryAll = (): RetryVerdict => ({ retry: true });

  test('returns the first success and how many tries it took, sleeping between failures', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`fail ${calls}`);
        return 'ok';
      },
      { policy, classify: retryAll, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(sleeps).toEqual([50, 100]);
  });

  test('gives up after maxAttempts and rethrows the last error', async () => {
    let calls = 0;
    const run = retryWithBackoff(
      async (attempt) => {
        calls += 1;
        throw new Error(`fail ${attempt}`);
      },
      { policy, classify: retryAll, sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('fail 4');
    expect(calls).toBe(4);
  });

  test('stops at once when the error is classified as final', async () => {
    let calls = 0;
    const run = retryWithBackoff(
      async () => {
        calls += 1;
        throw new Error('bad request');
      },
      { policy, classify: () => ({ retry: false }), sleep: async () => {} },
    );
    await expect(run).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  test('waits what the server asked for, capped at maxDelayMs', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('throttled');
        return 1;
      },
      {
        policy,
        classify: () => ({ retry: true, afterMs: calls === 1 ? 300 : 60_000 }),
        sleep: async (ms) => void sleeps.push(ms),
      },
    );
    expect(sleeps).toEqual([300, 1_000]);
  });

  test('uses the jitter the policy names', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('flaky');
        return 1;
      },
      { policy: { ...policy, jitter: 'none' }, classify: retryAll, sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );
    expect(sleeps).toEqual([100, 200]);
  });
});
