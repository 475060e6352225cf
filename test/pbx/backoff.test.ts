import { backoffDelay, retryWithBackoff, type BackoffPolicy, type RetryVerdict } from '../../src/pbx/backoff';

const policy: BackoffPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay', () => {
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
    expect(backoffDelay(failed, policy, () => Math.min(random, 0.999))).toBe(expected);
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

  test("waits what the server asked for, capped at maxDelayMs", async () => {
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
});
