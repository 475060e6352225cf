import { GRAPH_BACKOFF, isRetryableStatus } from '../../src/graph/graph-retry-policy';

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

test('Graph retries six times in all, from 0.5 s up to 30 s, with equal jitter', () => {
  expect(GRAPH_BACKOFF).toEqual({ maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, jitter: 'equal' });
});
