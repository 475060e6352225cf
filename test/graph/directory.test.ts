import { fetchTeamsPhoneNumbers, fetchUserDelta, USER_DELTA_START, withTeamsPhoneNumbers } from '../../src/graph/directory';
import { GraphRequestError } from '../../src/graph/errors';

/** Pages by URL; a URL mapped to a number answers that HTTP error. */
function fakeGraph(pages: Record<string, unknown>) {
  const asked: string[] = [];
  return {
    asked,
    get: async (url: string) => {
      asked.push(url);
      const page = pages[url];
      if (page === undefined) throw new Error(`unexpected URL ${url}`);
      if (typeof page === 'number') throw new GraphRequestError('t1', page, page === 410 ? 'syncStateNotFound' : undefined, 'op', 'x', 'y');
      return page;
    },
  };
}

describe('fetchUserDelta', () => {
  test('a first round lists every page, follows nextLink and keeps the deltaLink', async () => {
    const graph = fakeGraph({
      [USER_DELTA_START]: {
        value: [
          { id: 'a', displayName: 'Alice', mail: 'alice@contoso.com', proxyAddresses: ['SMTP:alice@contoso.com'], accountEnabled: true },
        ],
        '@odata.nextLink': 'https://g/v1.0/users/delta?$skiptoken=p2',
      },
      'https://g/v1.0/users/delta?$skiptoken=p2': {
        value: [{ id: 'b', userPrincipalName: 'bob@contoso.com', mobilePhone: null, businessPhones: ['+1 555 0100'] }],
        '@odata.deltaLink': 'https://g/v1.0/users/delta?$deltatoken=d1',
      },
    });
    const delta = await fetchUserDelta(graph);
    expect(delta).toEqual({
      upserts: [
        { id: 'a', displayName: 'Alice', mail: 'alice@contoso.com', proxyAddresses: ['SMTP:alice@contoso.com'], accountEnabled: true },
        { id: 'b', userPrincipalName: 'bob@contoso.com', businessPhones: ['+1 555 0100'] },
      ],
      removals: [],
      deltaLink: 'https://g/v1.0/users/delta?$deltatoken=d1',
      fullResync: true,
      pages: 2,
    });
  });

  test('a later round reports changes and removed users from the saved link', async () => {
    const graph = fakeGraph({
      'https://g/v1.0/users/delta?$deltatoken=d1': {
        value: [
          { id: 'a', displayName: 'Alice Smith' },
          { id: 'b', '@removed': { reason: 'deleted' } },
        ],
        '@odata.deltaLink': 'https://g/v1.0/users/delta?$deltatoken=d2',
      },
    });
    const delta = await fetchUserDelta(graph, 'https://g/v1.0/users/delta?$deltatoken=d1');
    expect(delta).toMatchObject({
      upserts: [{ id: 'a', displayName: 'Alice Smith' }],
      removals: ['b'],
      deltaLink: 'https://g/v1.0/users/delta?$deltatoken=d2',
      fullResync: false,
    });
  });

  test('an expired link (410 syncStateNotFound) starts a full listing', async () => {
    const graph = fakeGraph({
      'https://g/old': 410,
      [USER_DELTA_START]: { value: [{ id: 'a' }], '@odata.deltaLink': 'https://g/new' },
    });
    const delta = await fetchUserDelta(graph, 'https://g/old');
    expect(delta).toMatchObject({ upserts: [{ id: 'a' }], fullResync: true, deltaLink: 'https://g/new' });
    expect(graph.asked).toEqual(['https://g/old', USER_DELTA_START]);
  });

  test('other failures are not hidden behind a resync', async () => {
    const graph = fakeGraph({ 'https://g/old': 403 });
    await expect(fetchUserDelta(graph, 'https://g/old')).rejects.toMatchObject({ status: 403 });
  });

  test('a user removed and re-added in one round ends up present', async () => {
    const graph = fakeGraph({
      [USER_DELTA_START]: {
        value: [
          { id: 'a', '@removed': { reason: 'changed' } },
          { id: 'a', displayName: 'Back' },
        ],
        '@odata.deltaLink': 'https://g/d',
      },
    });
    expect(await fetchUserDelta(graph)).toMatchObject({ upserts: [{ id: 'a', displayName: 'Back' }], removals: [] });
  });
});

describe('Teams phone numbers', () => {
  test('the primary number of each user, across pages', async () => {
    const graph = fakeGraph({
      '/admin/teams/userConfigurations?$top=999': {
        value: [
          {
            id: 'a',
            userId: 'a',
            telephoneNumbers: [
              { telephoneNumber: '+15550101', assignmentCategory: 'alternate' },
              { telephoneNumber: '+15550100', assignmentCategory: 'primary' },
            ],
          },
          { id: 'b', userId: 'b', telephoneNumbers: [] },
        ],
        '@odata.nextLink': 'https://g/next',
      },
      'https://g/next': { value: [{ id: 'c', userId: 'c', telephoneNumbers: [{ telephoneNumber: '+15550102' }] }] },
    });
    const numbers = await fetchTeamsPhoneNumbers(graph);
    expect([...numbers]).toEqual([
      ['a', '+15550100'],
      ['c', '+15550102'],
    ]);
    expect(withTeamsPhoneNumbers([{ id: 'a' }, { id: 'b' }], numbers)).toEqual([{ id: 'a', teamsPhoneNumber: '+15550100' }, { id: 'b' }]);
  });
});

// Found by directory.property.test.ts: a next-page link back to a page already read went round until the
// 100,000-page guard (100,000 Graph requests), which then threw a plain Error.
describe('links that lead away from the configured Graph', () => {
  const onGraph = <T extends object>(graph: T) => Object.assign(graph, { graphOrigin: 'https://graph.example' });

  test('a delta link stored for another Graph address (the simulator restarted on another port) starts a full listing without calling it', async () => {
    const graph = onGraph(
      fakeGraph({
        [USER_DELTA_START]: { value: [{ id: 'a' }], '@odata.deltaLink': 'https://graph.example/v1.0/users/delta?$deltatoken=d2' },
      }),
    );
    const delta = await fetchUserDelta(graph, 'https://localhost:38157/v1.0/users/delta?$deltatoken=d1');
    expect(delta).toMatchObject({
      upserts: [{ id: 'a' }],
      fullResync: true,
      deltaLink: 'https://graph.example/v1.0/users/delta?$deltatoken=d2',
    });
    expect(graph.asked).toEqual([USER_DELTA_START]);
  });

  test('a delta link on the configured Graph is followed', async () => {
    const link = 'https://graph.example/v1.0/users/delta?$deltatoken=d1';
    const graph = onGraph(fakeGraph({ [link]: { value: [], '@odata.deltaLink': link } }));
    await expect(fetchUserDelta(graph, link)).resolves.toMatchObject({ fullResync: false });
    expect(graph.asked).toEqual([link]);
  });

  test('a next-page link to another host is never requested (our token stays with Graph)', async () => {
    const graph = onGraph(fakeGraph({ [USER_DELTA_START]: { value: [{ id: 'a' }], '@odata.nextLink': 'https://elsewhere.example/p2' } }));
    await expect(fetchUserDelta(graph)).rejects.toThrow(/leads away from the configured Microsoft Graph/);
    expect(graph.asked).not.toContain('https://elsewhere.example/p2');
  });
});

describe('a next-page link back to a page already read', () => {
  test('stops the users delta at once with a GraphRequestError', async () => {
    const graph = fakeGraph({
      [USER_DELTA_START]: { value: [{ id: 'a' }], '@odata.nextLink': 'https://g/p2' },
      'https://g/p2': { value: [{ id: 'b' }], '@odata.nextLink': 'https://g/p2' },
    });
    await expect(fetchUserDelta(graph)).rejects.toThrow(/reading the user list.*the next page link leads back to a page already read/);
    await expect(fetchUserDelta(graph)).rejects.toBeInstanceOf(GraphRequestError);
    expect(graph.asked).toEqual([USER_DELTA_START, 'https://g/p2', USER_DELTA_START, 'https://g/p2']);
  });

  test('stops the Teams phone numbers at once with a GraphRequestError', async () => {
    const first = '/admin/teams/userConfigurations?$top=999';
    const graph = fakeGraph({ [first]: { value: [], '@odata.nextLink': first } });
    await expect(fetchTeamsPhoneNumbers(graph)).rejects.toBeInstanceOf(GraphRequestError);
    expect(graph.asked).toEqual([first]);
  });
});
