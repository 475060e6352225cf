/** Properties of explaining Entra's token errors: any answer is explained or refused, never a crash. */
import fc from 'fast-check';
import { entraErrorBodySchema, explainEntraError, EXPLAINED_AADSTS } from '../../src/graph/entra-error-catalogue';

const RUNS = { numRuns: 300 };
const ctx = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  authorityHost: 'https://login.microsoftonline.com',
};

describe('explainEntraError (properties)', () => {
  test('any error body that passes the schema is explained with a reason and a fix, the AADSTS number kept', () => {
    const code = fc.oneof(fc.constantFrom(...EXPLAINED_AADSTS), fc.integer({ min: 0, max: 9_999_999 }));
    const body = fc.record(
      {
        error: fc.string({ maxLength: 20 }),
        error_description: fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 80 }),
          code.map((c) => `AADSTS${c}: something.\r\nTrace ID: x`),
        ),
        error_codes: fc.array(code, { maxLength: 2 }),
      },
      { requiredKeys: ['error'] },
    );
    fc.assert(
      fc.property(body, (b) => {
        const parsed = entraErrorBodySchema.parse(JSON.parse(JSON.stringify(b)));
        const explained = explainEntraError(parsed, ctx);
        expect(typeof explained.reason).toBe('string');
        expect(explained.fix.length).toBeGreaterThan(0);
        if (b.error_codes?.length) expect(explained.aadsts).toBe(b.error_codes[0]);
        expect(explained.reason).not.toMatch(/\n/);
      }),
      RUNS,
    );
  });

  test('any JSON is accepted or refused by the schema, never thrown', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (json) => {
        expect(typeof entraErrorBodySchema.safeParse(json).success).toBe('boolean');
      }),
      RUNS,
    );
  });
});
