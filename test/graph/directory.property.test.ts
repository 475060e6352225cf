/**
 * Properties of reading Graph's users delta: however Graph cuts the users into pages, the round gives the same
 * users and removals; any answer that is not a delta page is a GraphRequestError, nothing else.
 */
import fc from 'fast-check';
import { fetchTeamsPhoneNumbers, fetchUserDelta, USER_DELTA_START } from '../../src/graph/directory';
import { GraphRequestError } from '../../src/graph/errors';

const RUNS = { numRuns: 150 };
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const item = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
        displayName: nullable(fc.string({ maxLength: 10 })),
        mail: nullable(fc.string({ maxLength: 10 })),
        proxyAddresses: nullable(fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 })),
        accountEnabled: nullable(fc.boolean()),
      },
      { requiredKeys: ['id'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), '@removed': fc.constant({ reason: 'changed' }) }) },
);

/** Graph serving `items` in pages cut at `cuts`, the last page with a deltaLink. */
function pagedGraph(items: unknown[], cuts: number[]) {
  const at = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const pages = [0, ...at].map((start, i) => items.slice(start, [...at, items.length][i]));
  const url = (i: number) => (i === 0 ? USER_DELTA_START : `https://graph.example/v1.0/users/delta?$skiptoken=${i}`);
  const answers = new Map(
    pages.map((value, i) => [
      url(i),
      {
        value,
        ...(i < pages.length - 1
          ? { '@odata.nextLink': url(i + 1) }
          : { '@odata.deltaLink': 'https://graph.example/v1.0/users/delta?$deltatoken=d' }),
      },
    ]),
  );
  return { get: async (u: string) => JSON.parse(JSON.stringify(answers.get(u))) as unknown };
}

describe('fetchUserDelta (properties)', () => {
  test('the same items give the same round however they are cut into pages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 5 }), async (items, cuts) => {
        const paged = await fetchUserDelta(pagedGraph(items, cuts));
        const whole = await fetchUserDelta(pagedGraph(items, []));
        expect({ ...paged, pages: 0 }).toEqual({ ...whole, pages: 0 });
        // A user is either upserted or removed, as its last item in the round says.
        const last = new Map(items.map((i) => [i.id, '@removed' in i ? 'removed' : 'upserted']));
        expect(new Set(paged.upserts.map((u) => u.id))).toEqual(new Set([...last].filter(([, v]) => v === 'upserted').map(([k]) => k)));
        expect(new Set(paged.removals)).toEqual(new Set([...last].filter(([, v]) => v === 'removed').map(([k]) => k)));
        for (const u of paged.upserts) for (const v of Object.values(u)) expect(v).not.toBeNull();
      }),
      RUNS,
    );
  });

  test('an answer that is not a delta page is a GraphRequestError, nothing else', async () => {
    const answer = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        { value: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), '@odata.nextLink': fc.jsonValue({ maxDepth: 1 }) },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(answer, async (json) => {
        const graph = { get: async (u: string) => (u === USER_DELTA_START ? json : { value: [] }) };
        await fetchUserDelta(graph).then(
          (delta) => expect(Array.isArray(delta.upserts)).toBe(true),
          (error: unknown) => expect(error).toBeInstanceOf(GraphRequestError),
        );
        await fetchTeamsPhoneNumbers({ get: async () => json }).then(
          (numbers) => expect(numbers).toBeInstanceOf(Map),
          (error: unknown) => expect(error).toBeInstanceOf(GraphRequestError),
        );
      }),
      RUNS,
    );
  });
});
