/**
 * Issue 2: a restart loses nothing. Stop the service and start it again with the same data directory (the
 * simulators, like Microsoft and the PBX, stay up): mapping, overrides, policy, delta link, last known states
 * and trace are all there, the stored policy is the one that runs, and unchanged users get no PBX write again.
 */
import { loadSettings } from '../../src/config';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { eventually, staysTrueFor } from './harness/eventually';
import { excludeUserAndRouteAwayAsAway } from './harness/admin-edits';
import { startWorld, type World } from './harness/world';

async function snapshot(store: Store, tenantId: string, userIds: string[]) {
  const states = await store.syncStates.loadAll(tenantId);
  return {
    mapping: [...(await store.mappings.list(tenantId))].sort((a, b) => a.userId.localeCompare(b.userId)),
    overrides: await store.mappings.overrides(tenantId),
    policy: await store.policies.get(tenantId),
    deltaLink: await store.directory.getDeltaLink(tenantId),
    directoryUsers: (await store.directory.listUsers(tenantId)).length,
    states: states.filter((s) => userIds.includes(s.userId)).sort((a, b) => a.userId.localeCompare(b.userId)),
    trace: await Promise.all(userIds.map((id) => store.trace.forUser(tenantId, id, 100))),
  };
}

describe('a restart', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 40, seed: 41 });
  });
  afterAll(() => world?.close());

  test('loses nothing, runs the stored policy, and repeats no PBX write for unchanged users', async () => {
    const { tenantId } = world;
    const [excluded, dnd, busy, later] = await world.mapping();
    const store = () => world.service.store;

    // An admin excludes one user and edits the policy (Away routes as away instead of available).
    await excludeUserAndRouteAwayAsAway(world, excluded.userId, Date.now());
    expect((await world.mapping()).some((e) => e.userId === excluded.userId)).toBe(false);

    world.showInTeams(dnd.userId, 'DoNotDisturb', 'DoNotDisturb');
    world.showInTeams(busy.userId, 'Busy', 'InAMeeting');
    await eventually('dnd routed', () => world.routingOf(dnd.extension) === 'dnd');
    await eventually('busy routed', () => world.routingOf(busy.extension) === 'busy');
    await world.service.engine.idle();
    // The trace is stored in batches: wait for both new decisions (the start-up's 'applied' entries are older).
    const appliedInStore = async (userId: string, state: string) =>
      (await store().trace.forUser(tenantId, userId, 10)).some(
        (e) => e.outcome === 'applied' && e.actions.some((a) => a.kind === 'setRouting' && a.state === state),
      );
    await eventually(
      'both decisions in the stored trace',
      async () => (await appliedInStore(dnd.userId, 'dnd')) && (await appliedInStore(busy.userId, 'busy')),
    );
    const watched = [dnd.userId, busy.userId, later.userId];
    const before = await snapshot(store(), tenantId, watched);
    expect(before.deltaLink).toBeDefined();
    expect(before.trace[0].length).toBeGreaterThan(0);
    expect(before.states.find((s) => s.userId === dnd.userId)?.routingSent?.state).toBe('dnd');

    await world.stopService();
    const writesBefore = world.pbx.stats().routingWritesReceived;

    // What a new process will find on disk.
    const settings = loadSettings(world.env);
    const onDisk = openSqliteStore({ path: settings.dbPath, secretKey: settings.secretKey! });
    try {
      expect(await snapshot(onDisk, tenantId, watched)).toEqual(before);
    } finally {
      await onDisk.close();
    }

    await world.startService();
    const after = await snapshot(store(), tenantId, watched);
    expect(after.mapping).toEqual(before.mapping);
    expect(after.overrides).toEqual(before.overrides);
    expect(after.policy).toEqual(before.policy);
    expect(after.deltaLink).toBeDefined();
    expect(after.directoryUsers).toBe(before.directoryUsers);
    for (const [i, entries] of before.trace.entries()) expect(after.trace[i]).toEqual(expect.arrayContaining(entries));
    const known = world.service.engine.snapshot(tenantId).find((s) => s.userId === dnd.userId);
    expect(known?.routingSent?.state).toBe('dnd');

    // Nobody changed: sweeps after the restart send the PBX nothing.
    await staysTrueFor(
      'no routing write after the restart',
      () => world.pbx.stats().routingWritesReceived === writesBefore,
      world.sweeps,
      3,
    );

    // The stored (edited) policy runs: Away now routes as away; the excluded user stays out of sync.
    world.showInTeams(later.userId, 'Away', 'Away');
    world.showInTeams(excluded.userId, 'DoNotDisturb', 'DoNotDisturb');
    await eventually(`${later.extension} routed away by the edited policy`, () => world.routingOf(later.extension) === 'away');
    await world.waitSweeps(2);
    expect(world.routingOf(excluded.extension)).not.toBe('dnd');
    expect(world.pbx.stats().routingWritesReceived).toBe(writesBefore + 1);
  });
});
