import { refreshDirectory, type DirectoryRefreshDeps, type RefreshProgress } from '../../src/identity/directory-refresh';
import type { DirectoryDelta } from '../../src/identity/directory-delta';
import type { DirectoryUser, PbxUser } from '../../src/identity/types';
import { FakeRefreshStore } from './fake-refresh-store';
import { extension, link, teamsUser, TENANT } from './identity-fixtures';

const NOW = 1_700_000_000_000;

function people(count: number): { users: DirectoryUser[]; pbx: PbxUser[] } {
  const users: DirectoryUser[] = [];
  const pbx: PbxUser[] = [];
  for (let i = 1; i <= count; i++) {
    users.push(teamsUser(`u${i}`, { userPrincipalName: `user${i}@contoso.com` }));
    pbx.push(extension(`${1000 + i}`, { email: `user${i}@contoso.com` }));
  }
  return { users, pbx };
}

function fullListing(users: DirectoryUser[]): DirectoryDelta {
  return { upserts: users, removals: [], deltaLink: 'delta-1', fullResync: true };
}

/** A store whose mapping was computed from 20 users, and a refresh whose fetches are given per test. */
async function setUp(fetch: DirectoryRefreshDeps['fetchDirectoryDelta'], listPbxUsers?: DirectoryRefreshDeps['listPbxUsers']) {
  const store = new FakeRefreshStore();
  const { users, pbx } = people(20);
  const deps: DirectoryRefreshDeps = {
    store,
    fetchDirectoryDelta: async () => fullListing(users),
    listPbxUsers: async () => pbx,
    clock: { now: () => NOW },
  };
  await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
  expect(store.entries).toHaveLength(20);
  store.writes = [];
  const before = { entries: store.entries, users: [...store.users.values()], pbx: store.pbx, deltaLink: store.deltaLink };
  return { store, users, pbx, before, deps: { ...deps, fetchDirectoryDelta: fetch, listPbxUsers } };
}

describe('refreshDirectory: the guard keeps the last good mapping', () => {
  test.each<[string, DirectoryRefreshDeps['fetchDirectoryDelta'], DirectoryRefreshDeps['listPbxUsers'] | undefined, string, RegExp]>([
    [
      'the directory fetch throws',
      async () => {
        throw new Error('Graph 403: Authorization_RequestDenied');
      },
      async () => people(20).pbx,
      'directory-fetch-failed',
      /could not be read.*last good mapping \(20 users\) is kept/,
    ],
    [
      'the directory comes back empty',
      async () => fullListing([]),
      async () => people(20).pbx,
      'directory-fetch-failed',
      /came back empty/,
    ],
    [
      'the PBX list fails',
      async () => fullListing(people(20).users),
      async () => {
        throw new Error('ECONNREFUSED');
      },
      'directory-fetch-failed',
      /PBX user list could not be read/,
    ],
    ['the PBX lists nobody', async () => fullListing(people(20).users), async () => [], 'directory-fetch-failed', /PBX listed no users/],
    [
      'more than 10 % would be dropped',
      async () => fullListing(people(17).users),
      async () => people(20).pbx,
      'directory-would-drop-users',
      /stop syncing 3 of 20 mapped users \(15 %/,
    ],
    [
      'a delta round removes more than 10 %',
      async () => ({ upserts: [], removals: ['u1', 'u2', 'u3'], deltaLink: 'delta-2', fullResync: false }),
      async () => people(20).pbx,
      'directory-would-drop-users',
      /stop syncing 3 of 20/,
    ],
  ])('when %s', async (_name, fetch, listPbx, kind, message) => {
    const { store, before, deps } = await setUp(fetch, listPbx);
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.outcome).toBe('kept-last-good');
    expect(result.alert).toEqual(expect.objectContaining({ kind, tenantId: TENANT, message: expect.stringMatching(message) }));
    expect(result.mapped).toBe(20);
    expect(store.writes).toEqual([]);
    expect(store.entries).toBe(before.entries);
    expect(store.deltaLink).toBe(before.deltaLink);
  });

  test('the alert names the error but not more', async () => {
    const { deps } = await setUp(async () => {
      throw new Error('token endpoint said 401');
    });
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.alert?.detail).toEqual({
      source: 'teams',
      mappedUsers: 20,
      error: { name: 'Error', message: 'token endpoint said 401' },
    });
  });

  test('a drop within the allowed share is applied', async () => {
    const { store, deps } = await setUp(
      async () => fullListing(people(18).users),
      async () => people(20).pbx,
    );
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.outcome).toBe('replaced');
    expect(result.summary).toEqual(expect.objectContaining({ matched: 18, dropped: 2, unmatchedPbx: 2 }));
    expect(store.entries).toHaveLength(18);
  });

  test('the share is configurable', async () => {
    const { deps } = await setUp(
      async () => fullListing(people(18).users),
      async () => people(20).pbx,
    );
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], maxDropShare: 0.05 });
    expect(result.outcome).toBe('kept-last-good');
  });

  test('an admin can accept a large drop', async () => {
    const { store, deps } = await setUp(
      async () => fullListing(people(10).users),
      async () => people(20).pbx,
    );
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], acceptDrop: true });
    expect(result.outcome).toBe('replaced');
    expect(store.entries).toHaveLength(10);
  });

  test('users an admin excludes do not count as dropped', async () => {
    const { store, users, deps } = await setUp(
      async () => ({ upserts: [], removals: [], deltaLink: 'delta-2', fullResync: false }),
      async () => people(20).pbx,
    );
    store.overrideList = users.slice(0, 5).map((u) => link(u.id, null));
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.outcome).toBe('replaced');
    expect(result.summary).toEqual(expect.objectContaining({ matched: 15, excluded: 5, dropped: 0 }));
  });
});

describe('refreshDirectory: a normal refresh', () => {
  test('applies the delta, stores the PBX list and replaces the mapping, with a summary', async () => {
    const { store, deps } = await setUp(
      async (_tenantId, deltaLink) => {
        expect(deltaLink).toBe('delta-1');
        return {
          upserts: [{ id: 'u1', displayName: 'Renamed' }, teamsUser('u21', { userPrincipalName: 'user21@contoso.com' })],
          removals: ['u2'],
          deltaLink: 'delta-2',
          fullResync: false,
        };
      },
      async () => [...people(21).pbx, extension('2000', { email: 'nobody@contoso.com' })],
    );
    store.overrideList = [link('u3', '2000')];
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.outcome).toBe('replaced');
    expect(result.alert).toBeUndefined();
    expect(result.summary).toEqual({
      directoryUsers: 20,
      pbxUsers: 22,
      matched: 20,
      unmatchedTeams: 0,
      unmatchedPbx: 2,
      conflicts: 0,
      overridden: 1,
      excluded: 0,
      dropped: 1,
      added: 1,
    });
    expect(store.writes).toEqual(['directory', 'pbxUsers', 'mappings']);
    expect(store.deltaLink).toBe('delta-2');
    // The partial update was merged onto the stored user, so u1 keeps its UPN and its match.
    expect(store.users.get('u1')).toEqual(expect.objectContaining({ displayName: 'Renamed', userPrincipalName: 'user1@contoso.com' }));
    expect(store.entries.find((e) => e.userId === 'u1')?.extension).toBe('1001');
    expect(store.entries.find((e) => e.userId === 'u3')).toEqual(expect.objectContaining({ extension: '2000', matchedBy: 'override' }));
  });

  test('an identical result is not written again', async () => {
    const { store, deps } = await setUp(
      async () => ({ upserts: [], removals: [], deltaLink: 'delta-2', fullResync: false }),
      async () => people(20).pbx,
    );
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(result.outcome).toBe('unchanged');
    expect(store.writes).toEqual(['directory', 'pbxUsers']);
  });

  test('without a PBX lister the stored PBX list (a CSV import) is used', async () => {
    const { store, deps } = await setUp(async () => ({ upserts: [], removals: [], deltaLink: 'delta-2', fullResync: false }), undefined);
    store.pbx = people(20).pbx.map((p) => (p.extension === '1001' ? { ...p, extension: '9001' } : p));
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    expect(store.entries.find((e) => e.userId === 'u1')?.extension).toBe('9001');
    expect(store.writes).not.toContain('pbxUsers');
    expect(result.outcome).toBe('replaced');
  });

  test('fetch: false recomputes from what is stored without calling out', async () => {
    const fetch = jest.fn();
    const listPbx = jest.fn();
    const { store, users, deps } = await setUp(fetch, listPbx);
    store.overrideList = [link(users[0].id, '1002'), link(users[1].id, '1001')];
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], fetch: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(listPbx).not.toHaveBeenCalled();
    expect(result.summary?.overridden).toBe(2);
    expect(store.writes).toEqual(['mappings']);
  });

  test('reports its phases with counts', async () => {
    const { deps, users, pbx } = await setUp(
      async () => fullListing(people(20).users),
      async () => people(20).pbx,
    );
    const seen: RefreshProgress[] = [];
    await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.phase)).toEqual(['fetching-directory', 'listing-pbx-users', 'matching', 'saving', 'done']);
    expect(seen.at(-1)).toEqual({
      tenantId: TENANT,
      phase: 'done',
      counts: { directoryUsers: users.length, pbxUsers: pbx.length, matched: 20 },
    });
  });
});

describe('refreshDirectory: a delta round without changes reuses the previous match', () => {
  const emptyRound = async (): Promise<DirectoryDelta> => ({ upserts: [], removals: [], deltaLink: 'delta-2', fullResync: false });

  /** A first refresh whose result the next one is handed, as the tenant runtime does. */
  async function withPrevious(listPbx: DirectoryRefreshDeps['listPbxUsers']) {
    const { store, deps } = await setUp(emptyRound, listPbx);
    const previous = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
    store.writes = [];
    const listUsers = jest.spyOn(store.directory, 'listUsers');
    return { store, deps, previous, listUsers };
  }

  test('the same PBX list, overrides and strategies: unchanged, without reading the stored directory, new link saved', async () => {
    const { store, deps, previous, listUsers } = await withPrevious(async () => people(20).pbx);
    store.deltaLink = 'delta-1';
    const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], previous });
    expect(result).toEqual(expect.objectContaining({ outcome: 'unchanged', mapped: 20, match: previous.match, summary: previous.summary }));
    expect(listUsers).not.toHaveBeenCalled();
    expect(store.writes).toEqual(['directory']);
    expect(store.deltaLink).toBe('delta-2');
  });

  test.each<[string, (store: FakeRefreshStore) => void, DirectoryRefreshDeps['listPbxUsers'], readonly ('upn' | 'mail')[]]>([
    [
      'the PBX list changed',
      () => undefined,
      async () => people(20).pbx.map((p) => (p.extension === '1001' ? { ...p, extension: '9001' } : p)),
      ['upn'],
    ],
    [
      'an override changed',
      (store) => (store.overrideList = [link('u1', '1002'), link('u2', '1001')]),
      async () => people(20).pbx,
      ['upn'],
    ],
    ['the strategies changed', () => undefined, async () => people(20).pbx, ['mail', 'upn']],
  ])('%s: matched again over the stored directory', async (_name, change, listPbx, strategies) => {
    const { store, deps, previous, listUsers } = await withPrevious(async () => people(20).pbx);
    change(store);
    const result = await refreshDirectory({ ...deps, listPbxUsers: listPbx }, { tenantId: TENANT, strategies, previous });
    expect(listUsers).toHaveBeenCalled();
    expect(result.mapped).toBe(20);
    expect(result.inputsFingerprint).not.toBe(previous.inputsFingerprint);
  });

  test('a previous refresh that kept the last good mapping is not reused', async () => {
    const { deps, listUsers } = await withPrevious(async () => people(20).pbx);
    const previous = await refreshDirectory(
      { ...deps, listPbxUsers: async () => people(20).pbx.slice(0, 15) },
      { tenantId: TENANT, strategies: ['upn'] },
    );
    expect(previous.outcome).toBe('kept-last-good');
    listUsers.mockClear();
    await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], previous });
    expect(listUsers).toHaveBeenCalled();
  });

  test('a full listing does not read the stored directory it replaces', async () => {
    const { deps, listUsers } = await withPrevious(async () => people(20).pbx);
    const result = await refreshDirectory(
      { ...deps, fetchDirectoryDelta: async () => fullListing(people(20).users) },
      { tenantId: TENANT, strategies: ['upn'] },
    );
    expect(listUsers).not.toHaveBeenCalled();
    expect(result.mapped).toBe(20);
  });
});

test('a previous result kept without its match is reused all the same', async () => {
  const { store, deps } = await setUp(
    async () => ({ upserts: [], removals: [], deltaLink: 'delta-2', fullResync: false }),
    async () => people(20).pbx,
  );
  const first = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'] });
  const listUsers = jest.spyOn(store.directory, 'listUsers');
  const result = await refreshDirectory(deps, { tenantId: TENANT, strategies: ['upn'], previous: { ...first, match: undefined } });
  expect(result).toEqual(expect.objectContaining({ outcome: 'unchanged', mapped: 20, summary: first.summary }));
  expect(listUsers).not.toHaveBeenCalled();
});
