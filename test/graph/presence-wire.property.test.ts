/** Properties of reading Graph's presence answers: anything is read or refused by the schema, never thrown; unknown words become PresenceUnknown. */
import fc from 'fast-check';
import { presenceCollectionSchema } from '../../src/graph/presence-wire';
import { ACTIVITIES, AVAILABILITIES } from '../../src/sync/states';

const RUNS = { numRuns: 300 };
const word = (known: readonly string[]) => fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 }));
const presence = fc.record({
  id: fc.uuid(),
  availability: word(AVAILABILITIES),
  activity: word(ACTIVITIES),
  sequenceNumber: fc.option(fc.stringMatching(/^[A-Z0-9]{1,20}$/), { nil: undefined }),
});

describe('presenceCollectionSchema (properties)', () => {
  test('a collection reads back with known words kept and any other word as PresenceUnknown', () => {
    fc.assert(
      fc.property(fc.array(presence, { maxLength: 8 }), (value) => {
        const parsed = presenceCollectionSchema.parse(JSON.parse(JSON.stringify({ '@odata.context': 'x', value })));
        expect(parsed.value).toEqual(
          value.map((p) => ({
            ...p,
            availability: (AVAILABILITIES as readonly string[]).includes(p.availability) ? p.availability : 'PresenceUnknown',
            activity: (ACTIVITIES as readonly string[]).includes(p.activity) ? p.activity : 'PresenceUnknown',
          })),
        );
      }),
      RUNS,
    );
  });

  test('any JSON is accepted or refused by safeParse, never thrown', () => {
    const answer = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({
        value: fc.array(fc.dictionary(fc.constantFrom('id', 'availability', 'activity', 'sequenceNumber'), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 4,
        }),
      }),
    );
    fc.assert(
      fc.property(answer, (json) => {
        const parsed = presenceCollectionSchema.safeParse(json);
        if (parsed.success) for (const p of parsed.data.value) expect(AVAILABILITIES).toContain(p.availability);
      }),
      RUNS,
    );
  });
});
