import type { Scheduler } from '../../../src/time/clock';
import { startPresenceScript } from '../../../src/sim/graph/presence-script';
import { generatePeople, startGraphSimulator } from '../../../src/sim/graph';

/** A scheduler on fake time: run() fires everything due up to the given time. */
function fakeScheduler() {
  let now = 0;
  let timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const scheduler: Scheduler = {
    after(ms, fn) {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { scheduler, advance };
}

test("applies changes at the given rate on the scheduler's time, and stops", () => {
  const { scheduler, advance } = fakeScheduler();
  const changes: string[] = [];
  const script = startPresenceScript(
    { randomUserId: () => 'u1', setUserPresence: (id, a, b) => changes.push(`${id} ${a}/${b}`) },
    { changesPerSecond: 20, seed: 1, scheduler },
  );
  advance(10_000);
  expect(changes).toHaveLength(200);
  expect(script.changes).toBe(200);
  script.stop();
  advance(10_000);
  expect(changes).toHaveLength(200);
});

test('a slow rate still produces changes (one every few ticks)', () => {
  const { scheduler, advance } = fakeScheduler();
  let count = 0;
  startPresenceScript({ randomUserId: () => 'u1', setUserPresence: () => (count += 1) }, { changesPerSecond: 0.5, scheduler });
  advance(10_000);
  expect(count).toBe(5);
});

test('is repeatable with a seed and varied across states', () => {
  const run = () => {
    const { scheduler, advance } = fakeScheduler();
    const seen: string[] = [];
    startPresenceScript(
      { randomUserId: (r) => `u${Math.floor(r() * 10)}`, setUserPresence: (id, a, b) => seen.push(`${id} ${a}/${b}`) },
      { changesPerSecond: 10, seed: 7, scheduler },
    );
    advance(10_000);
    return seen;
  };
  const first = run();
  expect(run()).toEqual(first);
  expect(new Set(first.map((s) => s.split(' ')[1])).size).toBeGreaterThan(4);
});

test('driven on a tenant, it changes what Graph reports', async () => {
  const { scheduler, advance } = fakeScheduler();
  const sim = await startGraphSimulator();
  try {
    const people = generatePeople(5, 1).directoryUsers;
    const creds = sim.addTenant({ users: people });
    const controls = sim.tenant(creds.tenantId);
    const before = people.map((u) => controls.presenceOf(u.id).sequenceNumber);
    controls.startPresenceScript({ changesPerSecond: 10, seed: 3, scheduler });
    advance(5_000);
    const after = people.map((u) => controls.presenceOf(u.id).sequenceNumber);
    expect(after.filter((s, i) => s !== before[i]).length).toBeGreaterThan(0);
  } finally {
    await sim.close();
  }
});
