import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from '../../src/graph/backoff';

const policy = { baseMs: 500, capMs: 8_000 };

describe('backoffDelayMs', () => {
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
    expect(backoffDelayMs(retry, policy, () => random)).toBe(expected);
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
    ['', undefined],
    [null, undefined],
  ])('Retry-After %j is %s ms', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

test.each([
  [429, true],
  [503, true],
  [500, true],
  [504, true],
  [400, false],
  [403, false],
  [404, false],
])('status %i retryable: %s', (status, expected) => {
  expect(isRetryableStatus(status)).toBe(expected);
});
