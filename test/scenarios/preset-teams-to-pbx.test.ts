/**
 * Issue 2, per preset: every Teams state the vendor documents produces the documented PBX state at the PBX
 * simulator, with the service running in tenant mode against the Graph and PBX simulators.
 */
import type { MappingEntry } from '../../src/identity/types';
import { PRESET_NAMES, type PresetName } from '../../src/sync/decision/presets';
import { eventually, staysTrueFor } from './harness/eventually';
import { TEAMS_TO_PBX, type TeamsToPbxRow } from './harness/reference-behaviours';
import { startWorld, type World } from './harness/world';

/** A documented row with another outcome, to start from, so the expected state is seen arriving. */
function contrastFor(rows: TeamsToPbxRow[], target: TeamsToPbxRow): TeamsToPbxRow {
  const other = rows.find((r) => r.pbx !== 'noChange' && r.pbx !== target.pbx);
  if (!other) throw new Error(`The table has no row to contrast with ${target.documented}.`);
  return other;
}

describe.each(PRESET_NAMES.map((p) => [p]))('preset %s: Teams -> PBX as documented', (preset: PresetName) => {
  const rows = TEAMS_TO_PBX[preset];
  let world: World;
  let users: MappingEntry[];

  beforeAll(async () => {
    world = await startWorld({ preset, users: 40, seed: 11 });
    users = await world.mapping();
    expect(users.length).toBeGreaterThan(rows.length);
  });
  afterAll(() => world?.close());

  const mapped = rows.filter((r) => r.pbx !== 'noChange').map((r) => [r.documented, r] as const);
  const unchanged = rows.filter((r) => r.pbx === 'noChange').map((r) => [r.documented, r] as const);

  if (mapped.length > 0) {
    test.each(mapped)('%s reaches the PBX as the documented routing state', async (_name, row) => {
      const user = users[rows.indexOf(row)];
      const before = contrastFor(rows, row);
      world.showInTeams(user.userId, before.availability, before.activity);
      await eventually(`${user.extension} routed ${before.pbx} first`, () => world.routingOf(user.extension) === before.pbx);

      world.showInTeams(user.userId, row.availability, row.activity, { byHand: row.byHand ?? false });
      await eventually(
        `${user.extension} routed ${row.pbx} for Teams ${row.availability}/${row.activity}`,
        () => world.routingOf(user.extension) === row.pbx,
      );
    });
  }

  if (unchanged.length > 0) {
    test.each(unchanged)('%s leaves the PBX as it was', async (_name, row) => {
      const user = users[rows.indexOf(row)];
      // The PBX's own admin put the extension on "away"; the documented "no change" must keep it.
      await world.setRoutingOnPbx(user.extension, 'away');
      world.showInTeams(user.userId, row.availability, row.activity, { byHand: row.byHand ?? false });

      await eventually('the service to see the new Teams state', async () =>
        (await world.trace(user.userId)).some(
          (e) => e.direction === 'teamsToPbx' && e.event.includes(`${row.availability}/${row.activity}`),
        ),
      );
      await staysTrueFor(`${user.extension} kept routing away`, () => world.routingOf(user.extension) === 'away', world.sweeps);
      expect(world.pbx.routingHistory(user.extension).map((r) => r.state)).toEqual(['away']);
    });
  }
});
