/** fast-check generators of well-formed SIP messages, for the property tests of the parser and the stream framer. */
import fc from 'fast-check';
import { canonicalHeaderName, type SipHeader, type SipMessage } from '../../../src/pbx/sip/sip-message';

/** Text without line breaks, trimmed: what a header value or a reason phrase can be. */
const lineText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ').trim());
const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
const header: fc.Arbitrary<SipHeader> = fc
  .record({ name: token.map(canonicalHeaderName), value: lineText })
  .filter((h) => h.name !== 'Content-Length');
const body = fc.string({ unit: 'grapheme', maxLength: 200 });

const request: fc.Arbitrary<SipMessage> = fc.record({
  kind: fc.constant('request' as const),
  method: fc.stringMatching(/^[A-Z]{1,10}$/),
  uri: fc.stringMatching(/^sips?:[!-~]{1,40}$/),
  headers: fc.array(header, { maxLength: 8 }),
  body,
});
const response: fc.Arbitrary<SipMessage> = fc.record({
  kind: fc.constant('response' as const),
  status: fc.integer({ min: 100, max: 699 }),
  reason: lineText,
  headers: fc.array(header, { maxLength: 8 }),
  body,
});

export const sipMessage: fc.Arbitrary<SipMessage> = fc.oneof(request, response);

/** `bytes` cut at arbitrary points (possibly inside a multi-byte character), in order. */
export function chunksOf(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));
}
