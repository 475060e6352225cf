import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

describeEachStore('policies', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('round-trips policy JSON as it was given', async () => {
    const policy = {
      preset: 'daktela',
      teamsToPbx: [{ when: { availability: 'Busy', activity: '*' }, then: 'busy' }],
      pbxToTeams: { onCall: { availability: 'Busy', activity: 'InACall' }, idle: 'noChange' },
      force: false,
      quietHours: null,
    };
    await store.policies.put('t1', policy);
    expect(await store.policies.get('t1')).toEqual(policy);
  });

  test('a second put replaces the first; an unknown tenant has none', async () => {
    await store.policies.put('t2', { v: 1 });
    await store.policies.put('t2', { v: 2 });
    expect(await store.policies.get('t2')).toEqual({ v: 2 });
    expect(await store.policies.get('none')).toBeUndefined();
  });

  test.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a BigInt', { n: BigInt(1) }],
  ])('refuses a policy that JSON cannot hold (%s) and keeps the old one', async (_case, bad) => {
    await store.policies.put('t3', { keep: true });
    await expect(store.policies.put('t3', bad)).rejects.toThrow(StoreInputError);
    expect(await store.policies.get('t3')).toEqual({ keep: true });
  });
});
