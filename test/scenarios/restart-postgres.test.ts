/**
 * The service on PostgreSQL: started with PB_DATABASE_URL, stopped, started again. Mapping, overrides, rules,
 * delta link and last known states are all in the database (not in a SQLite file), and the restarted service
 * runs on them: the stored policy, the known routing state.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../../src/config';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { asAdmin, createTestSchema, describeWithPostgres, type TestSchema } from '../store/postgres-lab';
import { eventually } from './harness/eventually';
import { excludeUserAndRouteAwayAsAway } from './harness/admin-edits';
import { startWorld, type World } from './harness/world';

async function snapshot(store: Store, tenantId: string, userIds: string[]) {
  return {
    mapping: [...(await store.mappings.list(tenantId))].sort((a, b) => a.userId.localeCompare(b.userId)),
    overrides: await store.mappings.overrides(tenantId),
    policy: await store.policies.get(tenantId),
    deltaLink: await store.directory.getDeltaLink(tenantId),
    states: (await store.syncStates.loadAll(tenantId))
      .filter((s) => userIds.includes(s.userId))
      .sort((a, b) => a.userId.localeCompare(b.userId)),
  };
}

describeWithPostgres('a restart on PostgreSQL (PB_DATABASE_URL)', () => {
  let schema: TestSchema;
  let world: World;
  beforeAll(async () => {
    schema = await createTestSchema();
    world = await startWorld({ users: 20, seed: 43, env: { PB_DATABASE_URL: schema.url } });
  });
  afterAll(async () => {
    await world?.close();
    await schema?.drop();
  });

  test('keeps mapping, rules, delta link and last known states in the database', async () => {
    const { tenantId } = world;
    const [excluded, dnd, busy] = await world.mapping();
    const store = () => world.service.store;

    await excludeUserAndRouteAwayAsAway(world, excluded.userId, 1_750_000_000_000);

    world.showInTeams(dnd.userId, 'DoNotDisturb', 'DoNotDisturb');
    world.showInTeams(busy.userId, 'Busy', 'InAMeeting');
    await eventually('dnd routed', () => world.routingOf(dnd.extension) === 'dnd');
    await eventually('busy routed', () => world.routingOf(busy.extension) === 'busy');
    await world.service.engine.idle();
    const watched = [dnd.userId, busy.userId];
    await eventually(
      'both states saved',
      async () => (await store().syncStates.loadAll(tenantId)).filter((s) => watched.includes(s.userId) && s.routingSent).length === 2,
    );
    const before = await snapshot(store(), tenantId, watched);
    expect(before.mapping.some((e) => e.userId === excluded.userId)).toBe(false);
    expect(before.mapping.length).toBe(19);
    expect(before.overrides).toEqual([{ tenantId, userId: excluded.userId, extension: null, by: 'scenario admin', at: 1_750_000_000_000 }]);
    expect(before.deltaLink).toMatch(/^https:\/\//);
    expect(before.states.map((s) => s.routingSent?.state)).toEqual(dnd.userId < busy.userId ? ['dnd', 'busy'] : ['busy', 'dnd']);

    await world.stopService();

    // Everything sits in PostgreSQL; no SQLite file was made.
    expect(existsSync(join(world.dataDir, 'presence-bridge.db'))).toBe(false);
    const counted = await asAdmin(
      (client) => client.query('SELECT COUNT(*)::int AS n FROM mapping_entries WHERE tenant_id = $1', [tenantId]),
      schema.url,
    );
    expect(counted.rows[0].n).toBe(19);
    const settings = loadSettings(world.env);
    const fromDatabase = await openStore(settings, settings.secretKey!);
    try {
      expect(await snapshot(fromDatabase, tenantId, watched)).toEqual(before);
      expect(await fromDatabase.secrets.names(tenantId)).toEqual(expect.arrayContaining(['clientSecret']));
    } finally {
      await fromDatabase.close();
    }

    await world.startService();
    const after = await snapshot(store(), tenantId, watched);
    expect(after.mapping).toEqual(before.mapping);
    expect(after.overrides).toEqual(before.overrides);
    expect(after.policy).toEqual(before.policy);
    expect(after.deltaLink).toMatch(/^https:\/\//);
    expect(world.service.engine.snapshot(tenantId).find((s) => s.userId === dnd.userId)?.routingSent?.state).toBe('dnd');

    // The stored (edited) policy runs: Away now routes as away.
    world.showInTeams(busy.userId, 'Away', 'Away');
    await eventually(`${busy.extension} routed away by the edited policy`, () => world.routingOf(busy.extension) === 'away');
  });
});
