/**
 * Issue 3, echo and loop suppression: the PBX simulator reports routing DND back as line state (as real PBXes
 * do). Over a random run, our own routing writes cause no Teams write, and our own Teams writes cause no
 * routing write, counted at both simulators and explained per user by the trace.
 */
import type { MappingEntry } from '../../src/identity/types';
import { mapTeamsToRouting } from '../../src/sync/decision/map';
import { presetPolicy } from '../../src/sync/decision/presets';
import { staysTrueFor } from './harness/eventually';
import { CLIENT_STATES, pick, seeded } from './harness/random-presence';
import { startWorld, type World } from './harness/world';

const teamsWrites = (world: World) => {
  const e = world.teams.stats().byEndpoint;
  return (e.setPresence ?? 0) + (e.clearPresence ?? 0);
};

describe('echoes', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 60, seed: 51, preset: 'default', echo: true });
  });
  afterAll(() => world?.close());

  test('neither side bounces our own writes back to the other, over a random run of both directions', async () => {
    const users = await world.mapping();
    await world.waitSweeps(2);
    await world.service.engine.idle();
    await world.pbx.settled();
    // Teams-side people only change Teams; phone people only make calls. Any write to the other side of
    // a person is then an echo that got through.
    const teamsPeople = users.slice(0, 25);
    const phonePeople = users.slice(25, 50);
    const routingAtStart = new Map(phonePeople.map((u) => [u.extension, world.pbx.routingHistory(u.extension).length]));
    const teamsWritesAtStart = teamsWrites(world);
    const random = seeded(7);
    let teamsChanges = 0;
    let answeredCalls = 0;
    let dndShown = 0;

    for (let round = 0; round < 12; round += 1) {
      for (const u of teamsPeople) {
        if (random() < 0.5) continue;
        const [availability, activity] = pick(random, CLIENT_STATES);
        world.teams.setUserPresence(u.userId, availability, activity);
        teamsChanges += 1;
        if (availability === 'DoNotDisturb') dndShown += 1;
      }
      for (const u of phonePeople) {
        const line = world.pbx.state(u.extension).line.state;
        if (line === 'idle' && random() < 0.4) await world.pbx.placeCall(u.extension);
        else if (line === 'ringing') {
          await world.pbx.answer(u.extension);
          answeredCalls += 1;
        } else if (line === 'onCall' && random() < 0.5) await world.pbx.hangUp(u.extension);
      }
      await world.waitSweeps(1);
    }
    for (const u of phonePeople) if (world.pbx.state(u.extension).line.state !== 'idle') await world.pbx.hangUp(u.extension);
    expect(dndShown).toBeGreaterThan(0); // routing dnd was written, so the PBX echoed line dnd
    expect(answeredCalls).toBeGreaterThan(0);

    // Quiet: both simulators' counters stop moving (no oscillation).
    await world.pbx.settled();
    await world.service.engine.idle();
    await world.waitSweeps(2);
    const routingWrites = world.pbx.stats().routingWritesReceived;
    const writes = teamsWrites(world);
    await staysTrueFor(
      'no more writes on either side',
      () => world.pbx.stats().routingWritesReceived === routingWrites && teamsWrites(world) === writes,
      world.sweeps,
      3,
    );

    // Teams writes: at most one set and one clear per answered call; none caused by routing DND echoes.
    expect(writes - teamsWritesAtStart).toBeGreaterThan(0);
    expect(writes - teamsWritesAtStart).toBeLessThanOrEqual(2 * answeredCalls);
    // Routing writes: none at all for the phone people, whose Teams showed only our own "in a call".
    for (const u of phonePeople)
      expect({ extension: u.extension, writes: world.pbx.routingHistory(u.extension).length }).toEqual({
        extension: u.extension,
        writes: routingAtStart.get(u.extension),
      });

    // Per person, from the trace: no Teams write ever decided for a Teams-side person, and the echoes were recognised.
    const applied = async (u: MappingEntry, direction: string) =>
      (await world.trace(u.userId, 500)).filter((e) => e.direction === direction && e.outcome === 'applied');
    for (const u of teamsPeople) expect(await applied(u, 'pbxToTeams')).toEqual([]);
    const echoes = (await Promise.all(teamsPeople.map((u) => world.trace(u.userId, 500)))).flat().filter((e) => e.outcome === 'echo');
    expect(echoes.length).toBeGreaterThan(0);
    expect(teamsChanges).toBeGreaterThan(0);

    // And everything converged: each Teams-side person's routing is what Teams shows now.
    const wanted = (u: MappingEntry) => mapTeamsToRouting(presetPolicy('default'), world.teams.presenceOf(u.userId)).outcome;
    expect(
      teamsPeople.filter((u) => wanted(u) !== 'noChange' && world.routingOf(u.extension) !== wanted(u)).map((u) => u.extension),
    ).toEqual([]);
  }, 60_000);
});
