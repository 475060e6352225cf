/**
 * Tenant leases on a real PostgreSQL: one holder at a time, a higher fencing token on every take-over, and
 * sync-state writes refused for a replica whose lease is gone, checked by the store in the write's own statement.
 */
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store';
import { FencedWriteError } from '../../src/store/tenant-leases';
import type { UserSyncState } from '../../src/sync/types';
import { createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';

jest.setTimeout(20_000);

const state = (tenantId: string, userId: string): UserSyncState => ({ tenantId, userId }) as UserSyncState;

describeWithPostgres('tenant leases (PostgreSQL)', () => {
  let schema: TestSchema;
  let store: PostgresStore;
  beforeEach(async () => {
    schema = await createTestSchema();
    store = await openPostgresStore({ connectionString: schema.url, secretKey: Buffer.alloc(32, 7) });
    for (const tenantId of ['t1', 't2'])
      await store.tenants.upsert({ tenantId, displayName: tenantId, mode: 'app', settings: {}, createdAt: 0, updatedAt: 0 });
  });
  afterEach(async () => {
    await store.close();
    await schema.drop();
  });

  test('a live lease is not taken; an expired one is, with a higher token; renewal tells the old holder', async () => {
    const leases = store.leases;
    expect(await leases.claim('t1', 'a', 60_000)).toBe(1);
    expect(await leases.claim('t1', 'b', 60_000)).toBeUndefined();
    expect(await leases.claim('t2', 'b', 1)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await leases.claim('t2', 'a', 60_000)).toBe(2); // b's lease expired: a takes over with token 2
    expect([...(await leases.renew('b', ['t2'], 60_000))]).toEqual([]); // b learns it lost t2
    expect([...(await leases.renew('a', ['t1', 't2'], 60_000))].sort()).toEqual([
      ['t1', 1],
      ['t2', 2],
    ]);
    await leases.release('t1', 'a');
    expect(await leases.claim('t1', 'b', 60_000)).toBe(2);
    expect(await leases.list()).toEqual([
      { tenantId: 't1', holder: 'b', token: 2, live: true, holderUrl: undefined },
      { tenantId: 't2', holder: 'a', token: 2, live: true, holderUrl: undefined },
    ]);
  });

  test('heartbeats list the live replicas with their addresses; a replica that leaves is gone', async () => {
    await store.leases.heartbeat({ replicaId: 'b', internalUrl: 'http://b:1' }, 60_000);
    const live = await store.leases.heartbeat({ replicaId: 'a', internalUrl: 'http://a:1' }, 60_000);
    expect(live).toEqual([
      { replicaId: 'a', internalUrl: 'http://a:1' },
      { replicaId: 'b', internalUrl: 'http://b:1' },
    ]);
    await store.leases.leave('b');
    expect(await store.leases.heartbeat({ replicaId: 'a', internalUrl: 'http://a:1' }, 60_000)).toEqual([
      { replicaId: 'a', internalUrl: 'http://a:1' },
    ]);
  });

  test('sync-state writes carry the token: refused once another replica took the tenant over', async () => {
    const fence = store.leases.fence;
    fence.activate('a');
    await expect(store.syncStates.save(state('t1', 'u1'))).rejects.toThrow(FencedWriteError); // not held at all
    fence.hold('t1', (await store.leases.claim('t1', 'a', 1))!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(store.syncStates.save(state('t1', 'u1'))).rejects.toThrow(FencedWriteError); // expired
    expect(await store.leases.renew('a', ['t1'], 60_000)).toEqual(new Map([['t1', 1]]));
    await store.syncStates.save(state('t1', 'u1'));
    await store.syncStates.saveMany([state('t1', 'u2')]);
    await store.syncStates.savePause('t1', [state('t1', 'u3')], null);

    await store.leases.release('t1', 'a');
    expect(await store.leases.claim('t1', 'b', 60_000)).toBe(2);
    await expect(store.syncStates.save(state('t1', 'u1'))).rejects.toThrow(/no longer holds the lease of tenant t1/);
    await expect(store.syncStates.saveMany([state('t1', 'u4')])).rejects.toThrow(FencedWriteError);
    await expect(store.syncStates.savePause('t1', [state('t1', 'u5')], null)).rejects.toThrow(FencedWriteError);
    expect((await store.syncStates.loadAll('t1')).map((s) => s.userId).sort()).toEqual(['u1', 'u2', 'u3']);
  });
});
