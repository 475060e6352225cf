import type { MappingConflict, MappingEntry } from '../../../src/identity/types';
import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

const entry = (tenantId: string, userId: string, extension: string, matchedBy: MappingEntry['matchedBy'] = 'upn'): MappingEntry => ({
  tenantId,
  userId,
  extension,
  matchedBy,
});
const conflict = (tenantId: string, key: string): MappingConflict => ({
  tenantId,
  key,
  userIds: ['u8', 'u9'],
  extensions: ['1009'],
  reason: `two Teams users share ${key}`,
});

describeEachStore('mappings', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('replace stores entries and conflicts together; conflicts keep their order', async () => {
    await store.mappings.replace('t1', [entry('t1', 'old', '1000')], [conflict('t1', 'mail:old')]);
    const entries = [entry('t1', 'u2', '1002', 'mail'), entry('t1', 'u1', '1001', 'override')];
    const conflicts = [conflict('t1', 'phone:+420'), conflict('t1', 'mail:a@b')];
    await store.mappings.replace('t1', entries, conflicts);
    expect(await store.mappings.list('t1')).toEqual([entries[1], entries[0]]);
    expect(await store.mappings.conflicts('t1')).toEqual(conflicts);
  });

  test.each([
    ['lists a user twice', [entry('t2', 'u1', '1'), entry('t2', 'u1', '2')], [], /lists user u1 twice/],
    [
      "carries another tenant's entry",
      [entry('t2', 'u1', '1'), entry('other', 'u2', '2')],
      [],
      /of tenant other was handed in for tenant t2/,
    ],
    ["carries another tenant's conflict", [], [conflict('other', 'k')], /of tenant other was handed in for tenant t2/],
    ['has an entry without extension', [entry('t2', 'u1', '')], [], /extension of mapping entry u1/],
  ])('a replace that %s is refused and the previous mapping stays whole', async (_case, entries, conflicts, message) => {
    const before = { entries: [entry('t2', 'keep', '7')], conflicts: [conflict('t2', 'keep')] };
    await store.mappings.replace('t2', before.entries, before.conflicts);
    await expect(store.mappings.replace('t2', entries, conflicts)).rejects.toThrow(StoreInputError);
    await expect(store.mappings.replace('t2', entries, conflicts)).rejects.toThrow(message);
    expect(await store.mappings.list('t2')).toEqual(before.entries);
    expect(await store.mappings.conflicts('t2')).toEqual(before.conflicts);
  });

  test('overrides are put, updated and deleted one user at a time', async () => {
    await store.mappings.putOverride({ tenantId: 't3', userId: 'u1', extension: '1001', by: 'admin', at: 1 });
    await store.mappings.putOverride({ tenantId: 't3', userId: 'u2', extension: null, by: 'admin', at: 2 });
    await store.mappings.putOverride({ tenantId: 't3', userId: 'u1', extension: '1005', by: 'other-admin', at: 3 });
    expect(await store.mappings.overrides('t3')).toEqual([
      { tenantId: 't3', userId: 'u1', extension: '1005', by: 'other-admin', at: 3 },
      { tenantId: 't3', userId: 'u2', extension: null, by: 'admin', at: 2 },
    ]);
    await store.mappings.deleteOverride('t3', 'u1');
    expect((await store.mappings.overrides('t3')).map((o) => o.userId)).toEqual(['u2']);
  });

  test('replacing the mapping leaves the overrides alone', async () => {
    await store.mappings.putOverride({ tenantId: 't4', userId: 'u1', extension: null, by: 'admin', at: 1 });
    await store.mappings.replace('t4', [], []);
    expect(await store.mappings.overrides('t4')).toHaveLength(1);
  });
});
