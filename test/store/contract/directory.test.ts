import type { DirectoryUser } from '../../../src/identity/types';
import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';
import { fixedClock } from '../test-store';

const user = (id: string, over: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id,
  displayName: id.toUpperCase(),
  userPrincipalName: `${id}@contoso.com`,
  accountEnabled: true,
  businessPhones: ['+420 555 000 111'],
  ...over,
});

describeEachStore('directory', (open) => {
  const clock = fixedClock(1000);
  let store: OpenedStore;
  beforeAll(async () => (store = await open({ clock })));
  afterAll(() => store.close());

  test('a tenant never refreshed has no users, link or refresh time', async () => {
    expect(await store.directory.listUsers('fresh')).toEqual([]);
    expect(await store.directory.getDeltaLink('fresh')).toBeUndefined();
    expect(await store.directory.lastRefreshAt('fresh')).toBeUndefined();
  });

  test('a delta round upserts changed users, removes deleted ones and keeps the link and time', async () => {
    await store.directory.applyDelta('t1', {
      upserts: [user('a'), user('b'), user('c')],
      removals: [],
      deltaLink: 'link-1',
      fullResync: true,
    });
    clock.set(2000);
    await store.directory.applyDelta('t1', {
      upserts: [user('b', { displayName: 'Bee', proxyAddresses: ['SMTP:b@contoso.com'] })],
      removals: ['c', 'never-there'],
      deltaLink: 'link-2',
      fullResync: false,
    });
    expect(await store.directory.listUsers('t1')).toEqual([
      user('a'),
      user('b', { displayName: 'Bee', proxyAddresses: ['SMTP:b@contoso.com'] }),
    ]);
    expect(await store.directory.getDeltaLink('t1')).toBe('link-2');
    expect(await store.directory.lastRefreshAt('t1')).toBe(2000);
  });

  test('a user listed twice in one round keeps the later version; one also removed is gone', async () => {
    await store.directory.applyDelta('t6', {
      upserts: [user('a'), user('b'), user('a', { displayName: 'Later A' }), user('c')],
      removals: ['c'],
      deltaLink: 'l1',
      fullResync: true,
    });
    expect(await store.directory.listUsers('t6')).toEqual([user('a', { displayName: 'Later A' }), user('b')]);
  });

  test('a full resync drops users it does not list again', async () => {
    await store.directory.applyDelta('t2', { upserts: [user('a'), user('b')], removals: [], deltaLink: 'l1', fullResync: true });
    await store.directory.applyDelta('t2', { upserts: [user('b')], removals: [], deltaLink: 'l2', fullResync: true });
    expect((await store.directory.listUsers('t2')).map((u) => u.id)).toEqual(['b']);
  });

  test('a round without a link forgets the old one (the next round starts over)', async () => {
    await store.directory.applyDelta('t3', { upserts: [], removals: [], deltaLink: 'l1', fullResync: true });
    await store.directory.applyDelta('t3', { upserts: [], removals: [], deltaLink: null, fullResync: false });
    expect(await store.directory.getDeltaLink('t3')).toBeUndefined();
  });

  test('a round with a user without id is refused and changes nothing', async () => {
    await store.directory.applyDelta('t4', { upserts: [user('a')], removals: [], deltaLink: 'l1', fullResync: true });
    const bad = { upserts: [user('x'), { displayName: 'no id' } as DirectoryUser], removals: ['a'], deltaLink: 'l2', fullResync: true };
    await expect(store.directory.applyDelta('t4', bad)).rejects.toThrow(StoreInputError);
    expect((await store.directory.listUsers('t4')).map((u) => u.id)).toEqual(['a']);
    expect(await store.directory.getDeltaLink('t4')).toBe('l1');
  });

  test('a user that cannot be stored as JSON, late in a full resync, rolls the whole round back', async () => {
    await store.directory.applyDelta('t5', { upserts: [user('a')], removals: [], deltaLink: 'l1', fullResync: true });
    const unstorable = { ...user('z'), displayName: 1n } as unknown as DirectoryUser;
    const bad = { upserts: [user('b'), user('c'), unstorable], removals: [], deltaLink: 'l2', fullResync: true };
    await expect(store.directory.applyDelta('t5', bad)).rejects.toThrow(/directory user z cannot be stored as JSON/);
    expect((await store.directory.listUsers('t5')).map((u) => u.id)).toEqual(['a']);
    expect(await store.directory.getDeltaLink('t5')).toBe('l1');
  });
});
