/** Properties of explaining Entra's token errors and reading our own token's claims: any answer is explained or refused, never a crash. */
import fc from 'fast-check';
import { entraErrorBodySchema, explainEntraError, EXPLAINED_AADSTS } from '../../src/graph/entra-error-catalogue';
import { readTokenClaims } from '../../src/graph/token-claims';

const RUNS = { numRuns: 300 };
const ctx = { tenantId: '11111111-2222-3333-4444-555555555555', clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', authorityHost: 'https://login.microsoftonline.com' };

describe('explainEntraError (properties)', () => {
  test('any error body that passes the schema is explained with a reason and a fix, the AADSTS number kept', () => {
    const code = fc.oneof(fc.constantFrom(...EXPLAINED_AADSTS), fc.integer({ min: 0, max: 9_999_999 }));
    const body = fc.record({
      error: fc.string({ maxLength: 20 }),
      error_description: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), code.map((c) => `AADSTS${c}: something.\r\nTrace ID: x`)),
      error_codes: fc.array(code, { maxLength: 2 }),
    }, { requiredKeys: ['error'] });
    fc.assert(fc.property(body, (b) => {
      const parsed = entraErrorBodySchema.parse(JSON.parse(JSON.stringify(b)));
      const explained = explainEntraError(parsed, ctx);
      expect(typeof explained.reason).toBe('string');
      expect(explained.fix.length).toBeGreaterThan(0);
      if (b.error_codes?.length) expect(explained.aadsts).toBe(b.error_codes[0]);
      expect(explained.reason).not.toMatch(/\n/);
    }), RUNS);
  });

  test('any JSON is accepted or refused by the schema, never thrown', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (json) => {
      expect(typeof entraErrorBodySchema.safeParse(json).success).toBe('boolean');
    }), RUNS);
  });
});

describe('readTokenClaims (properties)', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test('the claims of any JWT-shaped token read back', () => {
    const claims = fc.record({ tid: fc.uuid(), appid: fc.uuid(), roles: fc.array(fc.constantFrom('Presence.ReadWrite.All', 'User.Read.All'), { maxLength: 2 }), exp: fc.nat() }, { requiredKeys: [] });
    fc.assert(fc.property(claims, (c) => {
      expect(readTokenClaims(`${encode({ alg: 'RS256' })}.${encode(c)}.sig`)).toEqual(c);
    }), RUNS);
  });

  test('any other token is refused with an Error that says what is wrong, without echoing the token', () => {
    const token = fc.oneof(fc.string({ maxLength: 60 }), fc.jsonValue({ maxDepth: 2 }).map((v) => `h.${encode(v)}.s`));
    fc.assert(fc.property(token, (t) => {
      try {
        readTokenClaims(t);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(/access token/);
        if (t.length > 8) expect((error as Error).message).not.toContain(t);
      }
    }), RUNS);
  });
});
