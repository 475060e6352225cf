/**
 * Issue 2: a directory fetch that fails, on the Teams side (Graph) or the PBX side (its user list), keeps the
 * last good mapping, and the mapped users keep syncing.
 */
import { eventually } from './harness/eventually';
import { startWorld, type World } from './harness/world';

describe('a failed directory fetch', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 40, seed: 21 });
  });
  afterAll(() => world?.close());

  async function expectStillSyncing(index: number): Promise<void> {
    const user = (await world.mapping())[index];
    world.showInTeams(user.userId, 'DoNotDisturb', 'DoNotDisturb');
    await eventually(`${user.extension} routed dnd`, () => world.routingOf(user.extension) === 'dnd');
    world.showInTeams(user.userId, 'Available', 'Available');
    await eventually(`${user.extension} routed available`, () => world.routingOf(user.extension) === 'available');
  }

  test('the Teams user list refused by Graph (403) keeps the mapping, and presence keeps flowing', async () => {
    const before = await world.mapping();
    world.teams.revokePermission('User.Read.All');
    world.teams.revokeTokens(); // new tokens carry the reduced roles
    try {
      const result = await world.service.directory.refreshNow(world.tenantId);
      expect(result.outcome).toBe('kept-last-good');
      expect(result.alert?.kind).toBe('directory-fetch-failed');
      expect(await world.mapping()).toEqual(before);
      await expectStillSyncing(0);
    } finally {
      world.teams.grantPermission('User.Read.All');
      world.teams.revokeTokens();
    }
  });

  test('Graph failing every request (503) keeps the mapping, and sync resumes once Graph is back', async () => {
    const before = await world.mapping();
    world.teams.setFaults({ serverErrorRate: 1, serverErrorRetryAfterSeconds: 0.2 });
    try {
      const result = await world.service.directory.refreshNow(world.tenantId);
      expect(result.outcome).toBe('kept-last-good');
      expect(await world.mapping()).toEqual(before);
    } finally {
      world.teams.clearFaults();
    }
    await expectStillSyncing(1);
  });

  test('the PBX user list failing (500) keeps the mapping, and presence keeps flowing', async () => {
    const before = await world.mapping();
    world.pbx.setFault({ kind: 'error', status: 500 });
    try {
      const result = await world.service.directory.refreshNow(world.tenantId);
      expect(result.outcome).toBe('kept-last-good');
      expect(result.alert?.detail).toMatchObject({ source: 'pbx' });
      expect(await world.mapping()).toEqual(before);
    } finally {
      world.pbx.setFault({ kind: 'none' });
    }
    await expectStillSyncing(2);
  });

  test('an empty PBX user list keeps the mapping, and sync goes on once the PBX lists its users again', async () => {
    const before = await world.mapping();
    world.pbx.setUsers([]); // a misconfigured export: the PBX lists nobody
    try {
      const result = await world.service.directory.refreshNow(world.tenantId);
      expect(result.outcome).toBe('kept-last-good');
      expect(result.alert?.message).toMatch(/listed no users/);
      expect(await world.mapping()).toEqual(before);
    } finally {
      world.pbx.setUsers(world.people.pbxUsers);
    }
    await expectStillSyncing(3);
  });
});
