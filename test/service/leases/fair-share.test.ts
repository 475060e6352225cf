import { fairShare, planLeases, quotaOf, type LeaseView } from '../../../src/service/leases/fair-share';

describe('fairShare: ceil(tenants / live replicas)', () => {
  test.each([
    [0, 3, 0],
    [1, 3, 1],
    [3, 3, 1],
    [4, 3, 2],
    [60, 3, 20],
    [61, 3, 21],
    [60, 4, 15],
    [5, 0, 5], // no replica seen yet: this one counts itself
  ])('%i tenants over %i replicas: at most %i each', (tenants, replicas, share) => {
    expect(fairShare(tenants, replicas)).toBe(share);
  });
});

describe('quotaOf: the quotas sum to the tenants and none is above the fair share', () => {
  test.each([
    [['a', 'b', 'c'], 4, [2, 1, 1]],
    [['a', 'b', 'c'], 60, [20, 20, 20]],
    [['a', 'b', 'c'], 61, [21, 20, 20]],
    [['a', 'b'], 1, [1, 0]],
    [['a'], 7, [7]],
    [['a', 'b', 'c', 'd'], 2, [1, 1, 0, 0]],
  ])('replicas %j, %i tenants: %j', (ids, tenants, quotas) => {
    const got = ids.map((me) => quotaOf(me, ids, tenants));
    expect(got).toEqual(quotas);
    expect(got.reduce((a, b) => a + b, 0)).toBe(tenants);
    expect(Math.max(...got)).toBeLessThanOrEqual(fairShare(tenants, ids.length));
  });

  test('a replica not yet in the heartbeat list counts itself', () => {
    expect(quotaOf('z', ['a'], 4)).toBe(2);
  });
});

const leases = (held: Record<string, string | undefined>): LeaseView[] =>
  Object.entries(held).map(([tenantId, liveHolder]) => ({ tenantId, liveHolder }));

describe('planLeases', () => {
  test.each<[string, string[], Record<string, string | undefined>, { release: string[]; claims: number }]>([
    ['alone, nothing held: claims every tenant', ['a'], { t1: undefined, t2: undefined, t3: undefined }, { release: [], claims: 3 }],
    ['at its quota: nothing to do', ['a', 'b'], { t1: 'a', t2: 'b', t3: undefined, t4: 'a' }, { release: [], claims: 0 }],
    [
      'a replica joined: gives up the extras',
      ['a', 'b', 'c'],
      { t1: 'a', t2: 'a', t3: 'a', t4: 'b', t5: 'b', t6: 'b' },
      { release: ['t3'], claims: 0 },
    ],
    [
      'a replica died: takes the free tenants up to its quota',
      ['a', 'b'],
      { t1: 'a', t2: undefined, t3: undefined, t4: 'b' },
      { release: [], claims: 1 },
    ],
    ['tenants of a dead replica whose leases have not expired are not free', ['a'], { t1: 'x', t2: 'x' }, { release: [], claims: 0 }],
  ])('%s', (_name, replicas, held, expected) => {
    const plan = planLeases('a', replicas, leases(held));
    expect(plan.release).toEqual(expected.release);
    expect(plan.claim).toHaveLength(expected.claims);
    for (const tenantId of plan.claim) expect(held[tenantId]).toBeUndefined();
  });

  test('two replicas try the free tenants in different orders', () => {
    const free = leases(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, undefined])));
    const a = planLeases('a', ['a', 'b'], free).claim;
    const b = planLeases('b', ['a', 'b'], free).claim;
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    expect(a).not.toEqual(b);
  });
});
