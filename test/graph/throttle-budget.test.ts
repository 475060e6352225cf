import { ThrottleBudget } from '../../src/graph/throttle-budget';
import { FakeTime } from './fake-time';

/** Most starts inside any window of `windowMs`, both ends included. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] > windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

async function acquireAll(time: FakeTime, budget: ThrottleBudget, count: number): Promise<number[]> {
  const starts: number[] = [];
  const all = Array.from({ length: count }, () => budget.acquire().then(() => starts.push(time.now())));
  await time.runUntil(Promise.all(all));
  return starts;
}

describe('ThrottleBudget', () => {
  test.each([
    [3, 1_000, 10],
    [1, 500, 5],
    [20, 30_000, 95],
    [1500, 30_000, 4000],
  ])('never lets more than %i requests start in any %i ms window (%i callers)', async (limit, windowMs, callers) => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit, windowMs, clock: time, sleep: time.sleep });
    const starts = await acquireAll(time, budget, callers);
    expect(starts).toHaveLength(callers);
    expect(maxInWindow(starts, windowMs)).toBe(limit);
    // ... and does not waste the budget: the last caller starts within the windows it needs.
    expect(starts[starts.length - 1] - starts[0]).toBeLessThanOrEqual(Math.ceil(callers / limit) * (windowMs + 1));
  });

  test('the first `limit` callers start at once', async () => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit: 4, windowMs: 1_000, clock: time, sleep: time.sleep });
    const t0 = time.now();
    const starts = await acquireAll(time, budget, 4);
    expect(starts).toEqual([t0, t0, t0, t0]);
    expect(budget.used()).toBe(4);
  });

  test('a pause holds back every caller until it ends, and is never shortened', async () => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit: 100, windowMs: 1_000, clock: time, sleep: time.sleep });
    const t0 = time.now();
    budget.pauseUntil(t0 + 2_128);
    budget.pauseUntil(t0 + 1_000);
    const starts = await acquireAll(time, budget, 3);
    expect(Math.min(...starts)).toBe(t0 + 2_128);
  });

  test('the safety margin widens the window', async () => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit: 1, windowMs: 1_000, safetyMarginMs: 250, clock: time, sleep: time.sleep });
    const starts = await acquireAll(time, budget, 2);
    expect(starts[1] - starts[0]).toBeGreaterThan(1_250);
  });

  test('callers are served first come, first served', async () => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit: 1, windowMs: 100, clock: time, sleep: time.sleep });
    const order: number[] = [];
    const all = [0, 1, 2, 3].map((i) => budget.acquire().then(() => order.push(i)));
    await time.runUntil(Promise.all(all));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  test.each([
    [750, 30_000, 300, 40.4],
    [450, 30_000, 0, 200 / 3], // 66.67 ms: a fractional spacing keeps its exact grid
    [10, 1_000, 0, 100],
  ])(
    'with spacing, %i starts per %i ms (+%i ms) are spread one every %d ms, never bunched',
    async (limit, windowMs, safetyMarginMs, spacingMs) => {
      const time = new FakeTime();
      const budget = new ThrottleBudget({ limit, windowMs, safetyMarginMs, spacingMs, clock: time, sleep: time.sleep });
      const starts = await acquireAll(time, budget, 2 * limit);
      const gaps = starts.slice(1).map((s, i) => s - starts[i]);
      // Whole-ms timers: each gap is the spacing rounded either way, and the gaps add up to the exact grid.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(spacingMs));
      expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(spacingMs) + 1);
      expect(starts[starts.length - 1] - starts[0]).toBeLessThanOrEqual(Math.ceil((2 * limit - 1) * spacingMs) + 2);
      expect(maxInWindow(starts, windowMs + safetyMarginMs)).toBeLessThanOrEqual(limit);
    },
  );

  test('with spacing, a caller after a quiet spell starts at once', async () => {
    const time = new FakeTime();
    const budget = new ThrottleBudget({ limit: 10, windowMs: 1_000, spacingMs: 100, clock: time, sleep: time.sleep });
    await acquireAll(time, budget, 1);
    await time.advance(5_000);
    const t = time.now();
    expect(await acquireAll(time, budget, 1)).toEqual([t]);
  });
});
