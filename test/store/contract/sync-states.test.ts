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
    const paused: UserSyncState = { ...syncState('t1', 'u1'), paused: { by: 'admin', at: 9 }, preferredBefore: { availability: 'Away', activity: 'Away' } };
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

  test('a batch with one bad state is refused whole', async () => {
    const batch = [syncState('t4', 'u1'), { ...syncState('t4', ''), userId: '' }];
    await expect(store.syncStates.saveMany(batch)).rejects.toThrow(StoreInputError);
    expect(await store.syncStates.loadAll('t4')).toEqual([]);
  });
});
