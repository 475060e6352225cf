import type { UserSyncState } from '../../../src/sync/types';
import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';
import { syncState } from '../test-store';

describeEachStore('sync states', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('save round-trips a full state and a minimal one without inventing fields', async () => {
    const minimal: UserSyncState = { tenantId: 't1', userId: 'u2', extension: '1002' };
    const paused: UserSyncState = {
      ...syncState('t1', 'u1'),
      paused: { by: 'admin', at: 9 },
      preferredBefore: { availability: 'Away', activity: 'Away' },
    };
    await store.syncStates.save(paused);
    await store.syncStates.save(minimal);
    const loaded = await store.syncStates.loadAll('t1');
    expect(loaded.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([paused, minimal]);
    expect(Object.keys(loaded[1]).sort()).toEqual(['extension', 'tenantId', 'userId']);
  });

  test('save replaces the state of the same user', async () => {
    await store.syncStates.save(syncState('t2', 'u1'));
    const next: UserSyncState = { ...syncState('t2', 'u1'), routingSent: { state: 'dnd', at: 99 } };
    await store.syncStates.save(next);
    expect(await store.syncStates.loadAll('t2')).toEqual([next]);
  });

  test('saveMany stores a batch at once and remove forgets chosen users', async () => {
    const states = Array.from({ length: 500 }, (_, i) => syncState('t3', `u${i}`, String(1000 + i)));
    await store.syncStates.saveMany(states);
    expect(await store.syncStates.loadAll('t3')).toHaveLength(500);
    expect(await store.syncStates.remove('t3', ['u1', 'u2', 'not-there'])).toBe(2);
    const left = await store.syncStates.loadAll('t3');
    expect(left).toHaveLength(498);
    expect(left.find((s) => s.userId === 'u1')).toBeUndefined();
  });

  test('saveMany takes a batch larger than one statement, and a user named twice keeps the later state', async () => {
    const states = Array.from({ length: 25_001 }, (_, i) => syncState('t5', `u${i}`, String(100_000 + i)));
    const later: UserSyncState = { ...syncState('t5', 'u7', '7777'), routingSent: { state: 'dnd', at: 70 } };
    await store.syncStates.saveMany([...states, later]);
    const loaded = await store.syncStates.loadAll('t5');
    expect(loaded).toHaveLength(25_001);
    const byUser = new Map(loaded.map((s) => [s.userId, s]));
    expect(byUser.get('u7')).toEqual(later);
    expect(byUser.get('u25000')).toEqual(syncState('t5', 'u25000', '125000'));
    expect(byUser.get('u10000')?.extension).toBe('110000');
  });

  test('a tenant pause is stored with its users in one write, and a resume clears it', async () => {
    const users = [syncState('t6', 'u1'), syncState('t6', 'u2')];
    await store.syncStates.saveMany(users);
    expect(await store.syncStates.loadTenantPause('t6')).toBeUndefined();
    const mark = { by: 'admin@contoso.com', at: 1_700_000_000_000 };
    const paused = users.map((s) => ({ ...s, paused: mark }));
    await store.syncStates.savePause('t6', paused, mark);
    expect(await store.syncStates.loadTenantPause('t6')).toEqual(mark);
    expect(await store.syncStates.loadTenantPause('t7')).toBeUndefined();
    expect((await store.syncStates.loadAll('t6')).map((s) => s.paused)).toEqual([mark, mark]);

    // One user's pause leaves the tenant flag alone.
    await store.syncStates.savePause('t6', [users[0]], undefined);
    expect(await store.syncStates.loadTenantPause('t6')).toEqual(mark);

    await store.syncStates.savePause('t6', users, null);
    expect(await store.syncStates.loadTenantPause('t6')).toBeUndefined();
    expect((await store.syncStates.loadAll('t6')).filter((s) => s.paused)).toEqual([]);
  });

  test('a pause with a bad state stores neither the states nor the tenant flag', async () => {
    const mark = { by: 'admin', at: 1 };
    await expect(store.syncStates.savePause('t8', [syncState('t8', 'u1'), { ...syncState('t8', ''), userId: '' }], mark)).rejects.toThrow(
      StoreInputError,
    );
    await expect(store.syncStates.savePause('t8', [syncState('t9', 'u1')], mark)).rejects.toThrow(StoreInputError);
    expect(await store.syncStates.loadTenantPause('t8')).toBeUndefined();
    expect(await store.syncStates.loadAll('t8')).toEqual([]);
  });

  test('a batch with one bad state is refused whole', async () => {
    const batch = [syncState('t4', 'u1'), { ...syncState('t4', ''), userId: '' }];
    await expect(store.syncStates.saveMany(batch)).rejects.toThrow(StoreInputError);
    expect(await store.syncStates.loadAll('t4')).toEqual([]);
  });
});
