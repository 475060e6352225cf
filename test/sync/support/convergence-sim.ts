/** The convergence simulation: both sides as fakes, random people, fake time. */
import { PREFERRED_PRESENCES } from '../../../src/sync/decision/aggregation';
import { createSyncEngine } from '../../../src/sync/engine';
import { parsePolicy, type SyncPolicy } from '../../../src/sync/decision/policy';
import type { TeamsPresence } from '../../../src/sync/states';
import { seededRandom } from '../../../src/sim/seeded-random';
import { FakeTime } from './fake-time';
import { MemoryRepository, MemoryTrace } from './fake-writers';
import { FakeWorld, type WorldUser } from './fake-world';
import { p } from './events';

export const TENANT = 'tenant-sim';
export const USERS = 8;
export const ACTIVE_MS = 5 * 60_000;
export const SETTLE_MS = 2 * 60_000;
const POLL_MS = 10_000;
const STEP_MS = 100;

const CLIENT_STATES: (TeamsPresence | null)[] = [
  p('Available/Available'),
  p('Away/Away'),
  p('Busy/InACall'),
  p('Busy/InAMeeting'),
  p('DoNotDisturb/Presenting'),
  null,
];
const MANUAL_STATES: (TeamsPresence | null)[] = [...PREFERRED_PRESENCES, null, null, null];

function policy(input: object): SyncPolicy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

export async function simulate(policyInput: object, seed: number, options: { endInCall?: boolean } = {}) {
  const rules = policy(policyInput);
  const time = new FakeTime(0);
  const world = new FakeWorld(time, TENANT);
  const trace = new MemoryTrace();
  const engine = createSyncEngine({
    clock: time,
    scheduler: time,
    policyFor: () => rules,
    repository: new MemoryRepository(),
    routing: world,
    teams: world,
    trace,
  });
  world.engine = engine;
  const users: WorldUser[] = [];
  for (let i = 0; i < USERS; i++) users.push(world.add(`u${i}`, String(1000 + i)));
  engine.setMapping(
    TENANT,
    users.map((u) => ({ userId: u.userId, extension: u.extension })),
  );

  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  let actions = 0;

  // The poller: every user every POLL_MS, spread over the interval.
  users.forEach((u, i) => {
    const tick = () => {
      world.poll(u);
      time.after(POLL_MS, tick);
    };
    time.after(Math.floor((POLL_MS * i) / USERS), tick);
  });

  // Random things people do, for ACTIVE_MS.
  const act = () => {
    if (time.now() >= ACTIVE_MS) return;
    actions++;
    const u = pick(users);
    const r = random();
    if (r < 0.25) {
      u.client = pick(CLIENT_STATES);
      world.teamsChanged(u);
    } else if (r < 0.5) {
      u.ownChoice = pick(MANUAL_STATES);
      u.choices.push(u.ownChoice);
      u.preferred = u.ownChoice;
      world.teamsChanged(u);
    } else if (r < 0.85) {
      if (u.call) u.call = null;
      else {
        u.call = 'ringing';
        time.after(2000, () => {
          if (u.call === 'ringing') {
            u.call = 'onCall';
            world.pbxChanged(u);
          }
        });
      }
      world.pbxChanged(u);
    } else {
      u.deskDnd = !u.deskDnd;
      world.pbxChanged(u);
    }
    time.after(500 + Math.floor(random() * 4000), act);
  };
  time.after(1000, act);

  // At the end of the active phase calls end and desk phones leave DND; then nothing happens any more.
  time.after(ACTIVE_MS, () => {
    users.forEach((u, i) => {
      // Optionally every other user stays in a call through the settling phase.
      u.call = options.endInCall && i % 2 === 0 ? 'onCall' : null;
      u.deskDnd = false;
      world.pbxChanged(u);
    });
  });

  for (let t = 0; t < ACTIVE_MS + SETTLE_MS; t += STEP_MS) {
    time.advance(STEP_MS);
    await engine.idle();
  }
  await engine.stop();
  return { world, users, rules, actions, engine, trace };
}
