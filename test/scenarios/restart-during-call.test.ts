/**
 * Issue 9: a restart during a call. The service runs as its own process and is killed with SIGKILL while a
 * user is on the phone; Teams showed "In a call" through our Graph session, which lapses while nobody renews
 * it. After the restart Teams shows the call again; and a call that ended while the service was down (the PBX
 * says so in its users list) is not shown again: what we left in Teams is cleared.
 */
import { eventually } from './harness/eventually';
import { startChildWorld, type ChildWorld } from './harness/child-service';

const MINUTE = 60_000;

/** Extension and Teams user pairs the identity match will make (the generator's deliberate mismatches left out). */
function matchedPairs(world: ChildWorld): { extension: string; userId: string }[] {
  const { directoryUsers, pbxUsers, mismatches } = world.people;
  const odd = new Set([...mismatches.aliasOnlyExtensions, ...mismatches.duplicateEmailExtensions.flat(), ...mismatches.pbxOnlyExtensions]);
  return pbxUsers.flatMap((pbxUser) => {
    const email = pbxUser.email?.toLowerCase();
    const user =
      email && !odd.has(pbxUser.extension)
        ? directoryUsers.find((u) => u.mail?.toLowerCase() === email && u.accountEnabled !== false)
        : undefined;
    return user ? [{ extension: pbxUser.extension, userId: user.id }] : [];
  });
}

/** Puts the extension on a call once the service accepts its line events (its mapping is in place). */
async function callAnswered(world: ChildWorld, extension: string): Promise<void> {
  await eventually(
    `the service accepting line events of ${extension}`,
    async () => {
      const { delivery } = await world.pbx.placeCall(extension);
      if (delivery.sent && delivery.status === 202) return true;
      await world.pbx.hangUp(extension);
      return false;
    },
    30_000,
  );
  await world.pbx.answer(extension);
}

/** What the killed service left on disk says it shows the call (saved before the write went out). */
async function expectCallStored(world: ChildWorld, userId: string): Promise<void> {
  const state = await world.storedState(userId);
  expect(state?.line?.state).toBe('onCall');
  expect(state?.teamsSent?.presence).toEqual({ availability: 'Busy', activity: 'InACall' });
}

const inACall = (world: ChildWorld, userId: string) => {
  const shown = world.teams.presenceOf(userId);
  return shown.availability === 'Busy' && shown.activity === 'InACall';
};

describe('a restart (SIGKILL) during a call', () => {
  let world: ChildWorld;
  beforeAll(async () => {
    world = await startChildWorld({ users: 12, seed: 53 });
  });
  afterEach(() => world?.kill());
  afterAll(() => world?.close());

  test('Teams shows the call again after the restart, though our session lapsed while the service was down', async () => {
    const [alice] = matchedPairs(world);
    world.teams.setUserPresence(alice.userId, 'Available', 'Available');
    await world.start();
    await callAnswered(world, alice.extension);
    await eventually('Teams shows the call', () => inACall(world, alice.userId), 20_000);

    await world.kill();
    await expectCallStored(world, alice.userId);
    world.advanceGraphClock(6 * MINUTE); // nobody renewed: Graph dropped our session
    expect(world.teams.presenceOf(alice.userId)).toMatchObject({ availability: 'Available' });

    await world.start();
    await eventually('Teams shows the call again after the restart', () => inACall(world, alice.userId), 20_000);
    expect(world.pbx.state(alice.extension).line.state).toBe('onCall');
  }, 120_000);

  test('a call that ended while the service was down is not shown after the restart', async () => {
    const [, bob] = matchedPairs(world);
    world.teams.setUserPresence(bob.userId, 'Available', 'Available');
    await world.start();
    await callAnswered(world, bob.extension);
    await eventually('Teams shows the call', () => inACall(world, bob.userId), 20_000);

    await world.kill();
    await expectCallStored(world, bob.userId);
    const hangUp = await world.pbx.hangUp(bob.extension);
    expect(hangUp.delivery).toMatchObject({ sent: true, status: 'failed' }); // nobody there to hear it
    world.advanceGraphClock(MINUTE); // our session is still live: left alone, Teams would show the call for minutes
    expect(inACall(world, bob.userId)).toBe(true);

    await world.start();
    await eventually('Teams no longer shows the ended call', () => !inACall(world, bob.userId), 20_000);
    expect(world.teams.sessionsOf(bob.userId).sessions.map((s) => `${s.availability}/${s.activity}`)).not.toContain('Busy/InACall');
  }, 120_000);
});
