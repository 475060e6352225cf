import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

describeEachStore('audit log', (open) => {
  let store: OpenedStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  test('entries come back newest first with who, when, what, before and after', async () => {
    const first = await store.audit.append({
      tenantId: 't1',
      at: 100,
      by: 'ann@contoso.example',
      action: 'rules.save',
      before: { preset: 'default' },
      after: { preset: 'telia' },
    });
    const second = await store.audit.append({
      tenantId: 't1',
      at: 200,
      by: 'bob@contoso.example',
      action: 'override.set',
      target: 'user-1',
      before: { extension: null },
      after: { extension: '1001' },
    });
    expect(second).toBeGreaterThan(first);
    expect(await store.audit.list('t1', { limit: 10 })).toEqual([
      {
        id: second,
        tenantId: 't1',
        at: 200,
        by: 'bob@contoso.example',
        action: 'override.set',
        target: 'user-1',
        before: { extension: null },
        after: { extension: '1001' },
      },
      {
        id: first,
        tenantId: 't1',
        at: 100,
        by: 'ann@contoso.example',
        action: 'rules.save',
        before: { preset: 'default' },
        after: { preset: 'telia' },
      },
    ]);
  });

  test('an entry without target, before or after keeps them absent', async () => {
    const id = await store.audit.append({ tenantId: 't1', at: 5, by: 'ann', action: 'sync.pause' });
    expect(await store.audit.list('t1', { limit: 1 })).toEqual([{ id, tenantId: 't1', at: 5, by: 'ann', action: 'sync.pause' }]);
  });

  test('a tenant sees only its own entries, paged back by id', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await store.audit.append({ tenantId: 't2', at: i, by: 'ann', action: `a${i}` }));
    await store.audit.append({ tenantId: 't3', at: 9, by: 'eve', action: 'other tenant' });
    const page1 = await store.audit.list('t2', { limit: 2 });
    expect(page1.map((e) => e.action)).toEqual(['a4', 'a3']);
    const page2 = await store.audit.list('t2', { limit: 10, beforeId: page1[1].id });
    expect(page2.map((e) => e.action)).toEqual(['a2', 'a1', 'a0']);
    expect((await store.audit.list('t3', { limit: 10 })).map((e) => e.by)).toEqual(['eve']);
  });

  test('prune removes the entries older than the cut in every tenant, and no others', async () => {
    await store.audit.append({ tenantId: 't4', at: 1_000, by: 'ann', action: 'old' });
    await store.audit.append({ tenantId: 't5', at: 1_500, by: 'ann', action: 'old too' });
    await store.audit.append({ tenantId: 't4', at: 2_000, by: 'ann', action: 'at the cut' });
    await store.audit.append({ tenantId: 't4', at: 3_000, by: 'ann', action: 'new' });
    expect(await store.audit.prune(2_000)).toBe(2);
    expect((await store.audit.list('t4', { limit: 10 })).map((e) => e.action)).toEqual(['new', 'at the cut']);
    expect(await store.audit.list('t5', { limit: 10 })).toEqual([]);
  });

  test('bad input is refused and nothing is stored', async () => {
    await expect(store.audit.append({ tenantId: '', at: 1, by: 'ann', action: 'x' })).rejects.toThrow(StoreInputError);
    await expect(store.audit.append({ tenantId: 't6', at: 1, by: 'ann', action: 'x', after: { n: 1n } })).rejects.toThrow(StoreInputError);
    await expect(store.audit.list('t6', { limit: 0 })).rejects.toThrow(StoreInputError);
    expect(await store.audit.list('t6', { limit: 10 })).toEqual([]);
  });
});
