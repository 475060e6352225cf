/** Properties of SIP digest authentication: any challenge is read or declined, and our answer carries its values intact. */
import fc from 'fast-check';
import { authorizationValue, digestResponse, parseDigestChallenge, type DigestChallenge } from '../../../src/pbx/sip/digest-auth';

const RUNS = { numRuns: 300 };
/** A header value as the SIP parser hands it over: no line breaks. */
const quotable = fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) => s.replace(/[\r\n]/g, ' '));
const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;

/** The parameters of a Digest header value, unquoted. */
function paramsOf(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/, '').matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return params;
}

describe('digest authentication (properties)', () => {
  const challenge = fc.record({
    realm: quotable,
    nonce: quotable.filter((n) => n !== ''),
    opaque: fc.option(quotable, { nil: undefined }),
    algorithm: fc.constantFrom('MD5' as const, 'SHA-256' as const),
    qop: fc.constantFrom('auth' as const, undefined),
  });

  test('a challenge written with quoted values reads back', () => {
    fc.assert(
      fc.property(challenge, (c) => {
        const header = `Digest realm=${quote(c.realm)}, nonce=${quote(c.nonce)}${c.opaque !== undefined ? `, opaque=${quote(c.opaque)}` : ''}, algorithm=${c.algorithm}${c.qop ? ', qop="auth,auth-int"' : ''}`;
        expect(parseDigestChallenge(header)).toEqual(c);
      }),
      RUNS,
    );
  });

  test('our answer carries the challenge values and the username intact, whatever characters they hold', () => {
    fc.assert(
      fc.property(challenge, quotable, fc.string({ maxLength: 12 }), (c: DigestChallenge, username, password) => {
        const answer = paramsOf(authorizationValue(c, { username, password }, 'REGISTER', 'sip:pbx.example', 'abcdef'));
        expect(answer).toMatchObject({ username, realm: c.realm, nonce: c.nonce, uri: 'sip:pbx.example', algorithm: c.algorithm });
        if (c.opaque !== undefined) expect(answer.opaque).toBe(c.opaque);
        expect(answer.response).toBe(digestResponse(c, { username, password }, 'REGISTER', 'sip:pbx.example', '00000001', 'abcdef'));
      }),
      RUNS,
    );
  });

  test('any header value is read as a challenge or declined, never thrown', () => {
    const piece = fc.oneof(
      fc.constantFrom('Digest ', 'realm=', 'nonce=', 'algorithm=', 'qop=', '"', '\\', ',', ' ', 'MD5', 'SHA-256'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const c = parseDigestChallenge(pieces.join(''));
        if (c) expect(['MD5', 'SHA-256']).toContain(c.algorithm);
      }),
      RUNS,
    );
  });
});
