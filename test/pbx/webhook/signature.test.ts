import { createHmac } from 'node:crypto';
import { computeSignature, signatureHeaders, verifySignature } from '../../../src/pbx/webhook/signature';

const secret = 'a-shared-secret-of-32-characters';
const nowMs = 1_735_689_600_000;
const body = '{"extension":"1001","state":"dnd","at":1735689600000}';

describe('signatureHeaders', () => {
  test('signs "<unix seconds>.<raw body>" with HMAC-SHA256 and sends it as sha256=<hex>', () => {
    const headers = signatureHeaders(secret, body, nowMs + 999);
    const expected = createHmac('sha256', secret).update(`1735689600.${body}`).digest('hex');
    expect(headers).toEqual({
      'X-PresenceBridge-Timestamp': '1735689600',
      'X-PresenceBridge-Signature': `sha256=${expected}`,
    });
  });

  test('a string body and its bytes sign the same', () => {
    expect(computeSignature(secret, 1, body)).toBe(computeSignature(secret, 1, Buffer.from(body)));
  });
});

describe('verifySignature', () => {
  const options = { secret, nowMs, toleranceSeconds: 300 };
  const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

  test('accepts its own signature, whatever the header case', () => {
    expect(verifySignature(signatureHeaders(secret, body, nowMs), body, options).ok).toBe(true);
    expect(verifySignature(lower(signatureHeaders(secret, body, nowMs)), body, options).ok).toBe(true);
  });

  test.each([
    ['a tampered body', secret, body.replace('dnd', 'idle'), 0, 'badSignature'],
    ['another secret', 'another-secret-of-enough-length', body, 0, 'badSignature'],
    ['a timestamp 301 s old', secret, body, -301_000, 'staleTimestamp'],
    ['a timestamp 301 s ahead', secret, body, 301_000, 'staleTimestamp'],
  ])('refuses %s', (_name, signingSecret, receivedBody, skewMs, problem) => {
    const headers = signatureHeaders(signingSecret, body, nowMs + skewMs);
    const check = verifySignature(headers, receivedBody, options);
    expect(check).toMatchObject({ ok: false, problem });
  });

  test('accepts a timestamp at the edge of the window', () => {
    expect(verifySignature(signatureHeaders(secret, body, nowMs - 300_000), body, options).ok).toBe(true);
  });

  test.each([
    ['no headers', {}, 'missingHeaders'],
    [
      'a millisecond timestamp',
      { 'x-presencebridge-timestamp': '1735689600000', 'x-presencebridge-signature': 'sha256=00' },
      'malformedTimestamp',
    ],
    [
      'a signature without prefix',
      { 'x-presencebridge-timestamp': '1735689600', 'x-presencebridge-signature': 'a'.repeat(64) },
      'malformedSignature',
    ],
    [
      'a short signature',
      { 'x-presencebridge-timestamp': '1735689600', 'x-presencebridge-signature': 'sha256=abcd' },
      'malformedSignature',
    ],
  ])('says what is wrong with %s', (_name, headers, problem) => {
    const check = verifySignature(headers, body, options);
    expect(check).toMatchObject({ ok: false, problem });
    if (!check.ok) expect(check.message).toMatch(/X-PresenceBridge/);
  });
});
