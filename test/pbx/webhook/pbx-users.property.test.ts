/** Properties of reading the PBX users URL's answer: a list written as JSON reads back, anything else is a ConnectorError. */
import fc from 'fast-check';
import { ConnectorError } from '../../../src/pbx/connector';
import { parsePbxUserList } from '../../../src/pbx/webhook/pbx-users';

const RUNS = { numRuns: 300 };
const optionalText = fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined });
const user = fc.record(
  {
    extension: fc.stringMatching(/^\d{1,6}$/),
    displayName: optionalText,
    email: optionalText,
    phoneNumber: optionalText,
    username: optionalText,
  },
  { requiredKeys: ['extension'] },
);

describe('parsePbxUserList (properties)', () => {
  test('a list of users with distinct extensions reads back as written', () => {
    fc.assert(
      fc.property(fc.uniqueArray(user, { selector: (u) => u.extension, maxLength: 10 }), (users) => {
        const clean = users.map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined)));
        expect(parsePbxUserList(JSON.stringify(clean))).toEqual(clean);
      }),
      RUNS,
    );
  });

  test('any other text is refused with a ConnectorError, nothing else', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .array(fc.record({ extension: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }), { maxLength: 4 })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          const users = parsePbxUserList(t);
          for (const u of users) expect(typeof u.extension).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ConnectorError);
        }
      }),
      RUNS,
    );
  });
});
