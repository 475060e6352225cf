/**
 * The simulated PBX's copy of the webhook contract (src/pbx/webhook/README.md) against the product's: written
 * apart, a request one side signs must pass the other's check, and both must refuse the same bad ones.
 */
import * as productSignature from '../../../src/pbx/webhook/signature';
import * as product from '../../../src/sync/states';
import { LINE_STATES, ROUTING_STATES } from '../../../src/sim/pbx/webhook-contract';
import { signatureRefusal, signedHeaders } from '../../../src/sim/pbx/webhook-signature';

const secret = 'a-shared-secret-long-enough';
const body = JSON.stringify({ extension: '1001', state: 'dnd', at: 1735689600000 });
const now = 1_800_000_000_000;
const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
const TOLERANCE_S = 300;

test('the routing and line states are the same words on both sides', () => {
  expect([...ROUTING_STATES].sort()).toEqual([...product.ROUTING_STATES].sort());
  expect([...LINE_STATES].sort()).toEqual([...product.LINE_STATES].sort());
});

test('what the simulated PBX signs, the product accepts', () => {
  const check = productSignature.verifySignature(signedHeaders(secret, body, now), body, {
    secret,
    nowMs: now,
    toleranceSeconds: TOLERANCE_S,
  });
  expect(check.ok).toBe(true);
});

test('what the product signs, the simulated PBX accepts', () => {
  expect(
    signatureRefusal(lower(productSignature.signatureHeaders(secret, body, now)), Buffer.from(body), secret, now, TOLERANCE_S),
  ).toBeUndefined();
});

// The contract says only "refuse"; the reasons match except for a millisecond timestamp, which the product names
// as not unix seconds and the simulated PBX (which reads any number) as too far from its clock.
test.each([
  ['no headers', () => ({}), 'missingHeaders', 'missingHeaders'],
  ['another secret', () => productSignature.signatureHeaders('another-secret-of-some-length', body, now), 'badSignature', 'badSignature'],
  ['another body', () => productSignature.signatureHeaders(secret, `${body} `, now), 'badSignature', 'badSignature'],
  [
    'a timestamp past the tolerance',
    () => productSignature.signatureHeaders(secret, body, now - (TOLERANCE_S + 1) * 1000),
    'staleTimestamp',
    'staleTimestamp',
  ],
  [
    'a timestamp in milliseconds',
    () => ({ ...productSignature.signatureHeaders(secret, body, now), 'X-PresenceBridge-Timestamp': String(now) }),
    'staleTimestamp',
    'malformedTimestamp',
  ],
  [
    'a signature without its sha256= prefix',
    () => ({ 'X-PresenceBridge-Timestamp': String(now / 1000), 'X-PresenceBridge-Signature': 'ab'.repeat(32) }),
    'malformedSignature',
    'malformedSignature',
  ],
])('both sides refuse %s', (_name, headers, simulatorReason, productReason) => {
  const simulator = signatureRefusal(lower(headers()), Buffer.from(body), secret, now, TOLERANCE_S);
  const productCheck = productSignature.verifySignature(headers(), body, { secret, nowMs: now, toleranceSeconds: TOLERANCE_S });
  expect(simulator?.problem).toBe(simulatorReason);
  expect(productCheck.ok ? undefined : productCheck.problem).toBe(productReason);
});
