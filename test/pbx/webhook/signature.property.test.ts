/** Properties of webhook signing: what one side signs the other accepts, and any change to body, time or secret is refused. */
import fc from 'fast-check';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeaders, verifySignature, type HeaderBag } from '../../../src/pbx/webhook/signature';

const RUNS = { numRuns: 200 };
const secret = fc.string({ minLength: 1, maxLength: 40 });
const body = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
);
const now = fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 });
const options = (key: string, nowMs: number) => ({ secret: key, nowMs, toleranceSeconds: 300 });

describe('webhook signature (properties)', () => {
  test('a request signed with the shared secret verifies, for any body', () => {
    fc.assert(
      fc.property(secret, body, now, (key, raw, nowMs) => {
        const check = verifySignature(signatureHeaders(key, raw, nowMs), raw, options(key, nowMs));
        expect(check).toMatchObject({ ok: true, timestampSeconds: Math.floor(nowMs / 1000) });
      }),
      RUNS,
    );
  });

  test('a body changed in any byte is refused as a bad signature', () => {
    fc.assert(
      fc.property(
        secret,
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        now,
        (key, bytes, at, flip, nowMs) => {
          const raw = Buffer.from(bytes);
          const headers = signatureHeaders(key, raw, nowMs);
          const changed = Buffer.from(raw);
          changed[at % changed.length] ^= flip;
          expect(verifySignature(headers, changed, options(key, nowMs))).toMatchObject({ ok: false, problem: 'badSignature' });
        },
      ),
      RUNS,
    );
  });

  test('another secret is refused, unless it is one of the secrets still accepted', () => {
    fc.assert(
      fc.property(secret, secret, body, now, (key, other, raw, nowMs) => {
        fc.pre(key !== other);
        const headers = signatureHeaders(other, raw, nowMs);
        expect(verifySignature(headers, raw, options(key, nowMs))).toMatchObject({ ok: false, problem: 'badSignature' });
        expect(verifySignature(headers, raw, { ...options(key, nowMs), alsoAccepted: [other] })).toMatchObject({ ok: true });
      }),
      RUNS,
    );
  });

  test('a timestamp further from our clock than the tolerance is refused as stale', () => {
    fc.assert(
      fc.property(secret, body, now, fc.integer({ min: 301, max: 10_000_000 }), fc.boolean(), (key, raw, nowMs, skew, late) => {
        const headers = signatureHeaders(key, raw, nowMs + (late ? -1 : 1) * (skew + 1) * 1000);
        expect(verifySignature(headers, raw, options(key, nowMs))).toMatchObject({ ok: false, problem: 'staleTimestamp' });
      }),
      RUNS,
    );
  });

  test('arbitrary headers never throw: they verify or name the problem', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^ ?sha256=[0-9a-fA-F]{0,70} ?$/),
      fc.stringMatching(/^ ?\d{0,14} ?$/),
      fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
      fc.constant(undefined),
    );
    const headers: fc.Arbitrary<HeaderBag> = fc.dictionary(
      fc.oneof(
        fc.constantFrom(TIMESTAMP_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER.toLowerCase(), SIGNATURE_HEADER.toUpperCase()),
        fc.string({ maxLength: 10 }),
      ),
      value,
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(headers, body, now, (h, raw, nowMs) => {
        const check = verifySignature(h, raw, options('a-shared-secret', nowMs));
        if (check.ok) expect(check.signature).toMatch(/^[0-9a-f]{64}$/);
        else
          expect(['missingHeaders', 'malformedTimestamp', 'malformedSignature', 'staleTimestamp', 'badSignature']).toContain(check.problem);
      }),
      RUNS,
    );
  });
});
