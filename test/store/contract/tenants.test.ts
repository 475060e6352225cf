import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';
import type { TenantRecord } from '../../../src/store/store';

const record = (tenantId: string, over: Partial<TenantRecord> = {}): TenantRecord => ({
  tenantId,
  displayName: `Tenant ${tenantId}`,
  mode: 'demo',
  settings: { graphBaseUrl: 'https://localhost:8443/v1.0', connector: { kind: 'simulator' } },
  createdAt: 10,
  updatedAt: 10,
  ...over,
});

describeEachStore('tenants', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('round-trips a record, leaving out a client id that was never set', async () => {
    await store.tenants.upsert(record('t-demo'));
    const stored = await store.tenants.get('t-demo');
    expect(stored).toEqual(record('t-demo'));
    expect(stored).not.toHaveProperty('clientId');
  });

  test('an update changes everything except when the tenant was created', async () => {
    await store.tenants.upsert(record('t-upd', { mode: 'demo' }));
    await store.tenants.upsert(
      record('t-upd', { mode: 'app', clientId: 'c1', displayName: 'Renamed', settings: { a: 1 }, createdAt: 99, updatedAt: 50 }),
    );
    expect(await store.tenants.get('t-upd')).toEqual(
      record('t-upd', { mode: 'app', clientId: 'c1', displayName: 'Renamed', settings: { a: 1 }, createdAt: 10, updatedAt: 50 }),
    );
  });

  test('lists every tenant in id order', async () => {
    await store.tenants.upsert(record('t-zz'));
    await store.tenants.upsert(record('t-aa'));
    const ids = (await store.tenants.list()).map((t) => t.tenantId);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['t-aa', 't-zz', 't-demo']));
  });

  test('an unknown tenant is undefined', async () => {
    expect(await store.tenants.get('nope')).toBeUndefined();
  });

  test.each([
    ['an empty tenant id', record('')],
    ['an unknown mode', record('t-bad', { mode: 'cloud' as TenantRecord['mode'] })],
  ])('refuses %s and stores nothing', async (_case, bad) => {
    await expect(store.tenants.upsert(bad)).rejects.toThrow(StoreInputError);
    expect(await store.tenants.get(bad.tenantId)).toBeUndefined();
  });
});
