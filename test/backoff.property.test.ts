/** Properties of reading a Retry-After header (Graph's and a PBX's answers): a wait we can use, or none. */
import fc from 'fast-check';
import { parseRetryAfterMs } from '../src/backoff';

const RUNS = { numRuns: 300 };
const NOW = Date.UTC(2026, 0, 1);

describe('parseRetryAfterMs (properties)', () => {
  test('any header value gives a finite, non-negative wait or none', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('9'.repeat(400), `1${'0'.repeat(308)}`, '1e400'),
      fc.stringMatching(/^ ?\d{1,400}(\.\d{1,5})? ?$/),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    );
    fc.assert(
      fc.property(value, (v) => {
        const ms = parseRetryAfterMs(v, NOW);
        if (ms !== undefined) {
          expect(Number.isFinite(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  test('delay-seconds read back as milliseconds, rounded up (binary fractions may add one)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999 }), (seconds, millis) => {
        expect(parseRetryAfterMs(`${seconds}`, NOW)).toBe(seconds * 1000);
        const ms = parseRetryAfterMs(`${seconds}.${String(millis).padStart(3, '0')}`, NOW) ?? NaN;
        expect(ms - (seconds * 1000 + millis)).toBeGreaterThanOrEqual(0);
        expect(ms - (seconds * 1000 + millis)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });
});
