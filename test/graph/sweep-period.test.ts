import { chunk, requestsPerSweep, sweepPeriodMs } from '../../src/graph/sweep-period';

describe('sweepPeriodMs', () => {
  const base = { budgetLimit: 1500, windowMs: 30_000, share: 0.5, minPeriodMs: 1_000 };
  test.each([
    [10, base, 1_000],
    [2_000, base, 1_000],
    [100_000, base, 6_160],
    [1_000_000, base, 61_560],
    [100_000, { ...base, share: 0.1 }, 30_800],
    [100_000, { ...base, budgetLimit: 10_000 }, 1_000],
    [2_000, { ...base, minPeriodMs: 15_000 }, 15_000],
    [0, base, 1_000],
  ])('%i users with %j sweep every %i ms', (users, settings, expected) => {
    expect(sweepPeriodMs({ users, ...settings })).toBe(expected);
  });

  test.each([
    [0, 0],
    [1, 1],
    [650, 1],
    [651, 2],
    [2_000, 4],
  ])('%i users need %i requests', (users, expected) => {
    expect(requestsPerSweep(users)).toBe(expected);
  });

  test('chunks keep order and size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
