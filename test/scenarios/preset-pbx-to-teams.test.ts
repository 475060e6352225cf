/**
 * Issue 3, per preset: a call on the PBX simulator shows in Teams (read back from the Graph simulator) as the
 * vendor documents, hanging up clears it, and the user's own status is left alone with "held back" in the trace.
 */
import type { MappingEntry } from '../../src/identity/types';
import { PRESET_NAMES, type PresetName } from '../../src/sync/decision/presets';
import type { Activity, Availability } from '../../src/sync/states';
import { eventually, staysTrueFor } from './harness/eventually';
import { PBX_TO_TEAMS } from './harness/reference-behaviours';
import { startWorld, type World } from './harness/world';

const shows = (world: World, userId: string, want: { availability: Availability; activity?: Activity }) => {
  const p = world.teams.presenceOf(userId);
  return p.availability === want.availability && (want.activity === undefined || p.activity === want.activity);
};

describe.each(PRESET_NAMES.map((p) => [p]))('preset %s: PBX -> Teams as documented', (preset: PresetName) => {
  const expected = PBX_TO_TEAMS[preset];
  let world: World;
  let users: MappingEntry[];
  let next = 0;
  /** A mapped user not used by another test, whose own Teams client shows Available, known to the service. */
  const freshUser = async (): Promise<MappingEntry> => {
    const user = users[next++];
    world.showInTeams(user.userId, 'Available', 'Available');
    await world.waitSweeps(2);
    return user;
  };
  const ownSession = (userId: string) => world.teams.sessionsOf(userId).sessions.find((s) => s.sessionId === world.env.PB_CLIENT_ID);

  beforeAll(async () => {
    world = await startWorld({ preset, users: 40, seed: 13 });
    users = await world.mapping();
  });
  afterAll(() => world?.close());

  if (!expected) {
    test('a call writes nothing to Teams (one way)', async () => {
      const user = await freshUser();
      await world.pbx.placeCall(user.extension);
      await world.pbx.answer(user.extension);
      await eventually('the line event to be decided', async () =>
        (await world.trace(user.userId)).some(
          (e) => e.direction === 'pbxToTeams' && e.event.includes('onCall') && e.outcome === 'disabled',
        ),
      );
      await world.waitSweeps(2);
      expect(world.teams.stats().byEndpoint.setPresence ?? 0).toBe(0);
      expect(ownSession(user.userId)).toBeUndefined();
      expect(world.teams.presenceOf(user.userId)).toMatchObject({ availability: 'Available', activity: 'Available' });
    });
    return;
  }

  test('a call shows in Teams as documented, and hanging up clears it', async () => {
    const user = await freshUser();
    await world.pbx.placeCall(user.extension);
    await world.pbx.answer(user.extension);
    await eventually(`Teams to show ${JSON.stringify(expected.onCall)} during the call`, () => shows(world, user.userId, expected.onCall!));
    expect(ownSession(user.userId)?.expiresAt).toBeDefined();

    await world.pbx.hangUp(user.extension);
    await eventually('our session to be cleared after the call', () => ownSession(user.userId) === undefined);
    expect(world.teams.presenceOf(user.userId)).toMatchObject({ availability: 'Available', activity: 'Available' });
  });

  test('a conference shows in Teams as documented, and hanging up clears it', async () => {
    const user = await freshUser();
    await world.pbx.placeCall(user.extension);
    await world.pbx.answer(user.extension);
    await eventually('the call to show', () => shows(world, user.userId, expected.onCall!));
    await world.pbx.joinConference(user.extension);
    await eventually(`Teams to show ${JSON.stringify(expected.conference)} in the conference`, () =>
      shows(world, user.userId, expected.conference!),
    );
    await world.pbx.hangUp(user.extension);
    await eventually('our session to be cleared after the conference', () => ownSession(user.userId) === undefined);
  });

  test("the user's own DoNotDisturb wins over a call, and the trace says held back", async () => {
    const user = await freshUser();
    world.teams.setPreferredPresence(user.userId, 'DoNotDisturb', 'DoNotDisturb');
    await world.waitSweeps(2);
    await world.pbx.placeCall(user.extension);
    await world.pbx.answer(user.extension);

    const entry = await eventually('a held-back decision in the trace', async () =>
      (await world.trace(user.userId)).find((e) => e.direction === 'pbxToTeams' && e.outcome === 'heldBack'),
    );
    expect(entry.reason).toMatch(/held back/);
    await staysTrueFor(
      "Teams to keep the user's DoNotDisturb",
      () => shows(world, user.userId, { availability: 'DoNotDisturb', activity: 'DoNotDisturb' }),
      world.sweeps,
    );
    await world.pbx.hangUp(user.extension);
  });

  const replaces = (expected.replaces ?? []).map((s) => [`${s.availability}/${s.activity}`, s] as const);
  if (replaces.length > 0) {
    test.each(replaces)("a call replaces the user's own %s", async (_name, own) => {
      const user = await freshUser();
      world.showInTeams(user.userId, own.availability, own.activity);
      await world.waitSweeps(2);
      await world.pbx.placeCall(user.extension);
      await world.pbx.answer(user.extension);
      await eventually(`Teams to show ${JSON.stringify(expected.onCall)} during the call`, () =>
        shows(world, user.userId, expected.onCall!),
      );
      await world.pbx.hangUp(user.extension);
      await eventually(`Teams back to ${own.availability}/${own.activity} after the call`, () => shows(world, user.userId, own));
    });
  }

  const leftAlone = expected.leftAlone
    .filter((s) => s.availability !== 'DoNotDisturb')
    .map((s) => [`${s.availability}/${s.activity}`, s] as const);
  if (leftAlone.length > 0) {
    test.each(leftAlone)("a call leaves the user's own %s alone", async (_name, own) => {
      const user = await freshUser();
      world.showInTeams(user.userId, own.availability, own.activity);
      await world.waitSweeps(2);
      await world.pbx.placeCall(user.extension);
      await world.pbx.answer(user.extension);

      await eventually('a held-back decision in the trace', async () =>
        (await world.trace(user.userId)).some(
          (e) => e.direction === 'pbxToTeams' && e.outcome === 'heldBack' && /held back/.test(e.reason),
        ),
      );
      await staysTrueFor(`Teams to keep ${own.availability}/${own.activity}`, () => shows(world, user.userId, own), world.sweeps);
      expect(ownSession(user.userId)).toBeUndefined();
      await world.pbx.hangUp(user.extension);
    });
  }

  if (expected.phoneDnd === 'unchanged') {
    test('DND set on the phone by hand is not pushed to Teams', async () => {
      const user = await freshUser();
      await world.pbx.setDnd(user.extension, true);
      await eventually('the line event to be decided', async () =>
        (await world.trace(user.userId)).some((e) => e.direction === 'pbxToTeams' && e.event.includes('dnd')),
      );
      await staysTrueFor(
        'Teams to keep Available',
        () => shows(world, user.userId, { availability: 'Available', activity: 'Available' }),
        world.sweeps,
      );
      expect(ownSession(user.userId)).toBeUndefined();
    });
  } else if (expected.phoneDnd) {
    const dnd = expected.phoneDnd;
    test('DND set on the phone shows in Teams, and clearing it clears Teams', async () => {
      const user = await freshUser();
      await world.pbx.setDnd(user.extension, true);
      await eventually(`Teams to show ${dnd.availability}`, () => shows(world, user.userId, dnd));
      await world.pbx.setDnd(user.extension, false);
      await eventually('our session to be cleared', () => ownSession(user.userId) === undefined);
    });
  }
});
