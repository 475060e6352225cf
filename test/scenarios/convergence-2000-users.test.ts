/**
 * Issue 2: 2,000 simulated users change their Teams presence at random; once the changes stop, every mapped
 * user's routing state at the PBX simulator is what the rules say for the presence Graph shows for them.
 */
import type { MappingEntry } from '../../src/identity/types';
import { mapTeamsToRouting } from '../../src/sync/decision/map';
import { presetPolicy } from '../../src/sync/decision/presets';
import { eventually } from './harness/eventually';
import { CLIENT_STATES, pick, seeded } from './harness/random-presence';
import { startWorld, type World } from './harness/world';

const policy = presetPolicy('default');

function mismatches(world: World, users: readonly MappingEntry[]): string[] {
  const wrong: string[] = [];
  for (const user of users) {
    const presence = world.teams.presenceOf(user.userId);
    const expected = mapTeamsToRouting(policy, presence).outcome;
    const actual = world.routingOf(user.extension);
    if (expected !== 'noChange' && actual !== expected)
      wrong.push(
        `${user.extension}: Teams ${presence.availability}/${presence.activity} wants ${expected}, PBX has ${actual ?? 'nothing'}`,
      );
  }
  return wrong;
}

describe('2,000 users with random presence changes', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 2000, seed: 2000, preset: 'default' });
  }, 60_000);
  afterAll(() => world?.close());

  test('every mapped user converges at the PBX simulator to what the rules say', async () => {
    const users = await world.mapping();
    expect(users.length).toBeGreaterThan(1800);
    const random = seeded(42);
    let changes = 0;
    // Ten bursts of 400 changes, one polling sweep apart: many users change several times between two reads.
    for (let burst = 0; burst < 10; burst += 1) {
      for (let i = 0; i < 400; i += 1) {
        const [availability, activity] = pick(random, CLIENT_STATES);
        world.teams.setUserPresence(pick(random, users).userId, availability, activity);
        changes += 1;
      }
      await world.waitSweeps(1);
    }
    expect(changes).toBe(4000);

    let last: string[] = [];
    await eventually(
      'every mapped user to converge',
      () => {
        last = mismatches(world, users);
        return last.length === 0;
      },
      60_000,
      250,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; ${last.length} users differ, e.g. ${last.slice(0, 5).join('; ')}`);
    });
    // Converged for real: a further full sweep changes nothing.
    await world.waitSweeps(2);
    expect(mismatches(world, users)).toEqual([]);
  }, 120_000);
});
