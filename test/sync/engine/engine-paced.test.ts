import { flush, policyOf, usersShownBusy } from '../support/engine-harness';
import { T, teamsEvent } from '../support/events';

const USERS = Array.from({ length: 10 }, (_, i) => ({ userId: `u${i}`, extension: String(3000 + i) }));
const MAX_BACKLOG = 3;

/** Ten users shown Busy at the PBX; then routing writes are held until the test releases them, one at a time. */
const setup = () => usersShownBusy(USERS, policyOf({ debounceMs: 0 }), { maxConcurrentWrites: 1, maxPacedBacklog: MAX_BACKLOG });

/** Releases held writes one by one until `done`, noting the most users that ever waited for a routing write. */
async function drain(h: Awaited<ReturnType<typeof setup>>, done: () => boolean): Promise<number> {
  let most = h.engine.routingBacklog(T);
  for (let i = 0; i < 100 && !done(); i++) {
    h.routing.release();
    await flush();
    most = Math.max(most, h.engine.routingBacklog(T));
  }
  return most;
}

describe('whole-tenant re-evaluations go in turn', () => {
  test('a rule change looks at every user, but never lets more than maxPacedBacklog wait for a write', async () => {
    const h = await setup();
    h.setPolicy(policyOf({ preset: 'daktela', debounceMs: 0 }));
    expect(h.engine.reevaluate(T)).toBe(10);
    await flush();
    expect(h.routing.calls).toHaveLength(1); // one running (one slot), MAX_BACKLOG waiting, the rest not looked at yet
    expect(h.engine.routingBacklog(T)).toBe(MAX_BACKLOG);

    const most = await drain(h, () => h.routing.calls.length === USERS.length);
    expect(most).toBeLessThanOrEqual(MAX_BACKLOG);
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.userId).sort()).toEqual(USERS.map((u) => u.userId).sort());
    expect(h.engine.snapshot(T).map((s) => s.routingSent?.state)).toEqual(USERS.map(() => 'unavailable'));
  });

  test('resuming a paused tenant un-pauses everyone at once and writes what was missed in turn', async () => {
    const h = await setup();
    await h.engine.pause(T, null, 'admin@contoso.com');
    for (const { userId } of USERS) h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '2', 2000, userId));
    await flush();
    expect(h.routing.calls).toHaveLength(0);

    expect(await h.engine.resume(T, null)).toBe(10);
    expect(h.engine.snapshot(T).filter((s) => s.paused)).toEqual([]);
    // Each user's un-paused state is stored before the resume is confirmed.
    expect((await h.repository.loadAll(T)).filter((s) => s.paused)).toEqual([]);
    expect(await h.repository.loadTenantPause(T)).toBeUndefined();
    const most = await drain(h, () => h.routing.calls.length === USERS.length);
    expect(most).toBeLessThanOrEqual(MAX_BACKLOG + 1);
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.engine.snapshot(T).map((s) => s.routingSent?.state)).toEqual(USERS.map(() => 'dnd'));
  });

  test('one user is re-evaluated at once, whatever the backlog', async () => {
    const h = await setup();
    h.setPolicy(policyOf({ preset: 'daktela', debounceMs: 0 }));
    h.engine.reevaluate(T);
    await flush();
    h.engine.reevaluate(T, 'u9');
    await flush();
    expect(h.engine.routingBacklog(T)).toBe(MAX_BACKLOG + 1);
  });

  test('stop() drops the users not looked at yet and lets the queued writes finish', async () => {
    const h = await setup();
    h.setPolicy(policyOf({ preset: 'daktela', debounceMs: 0 }));
    h.engine.reevaluate(T);
    await flush();
    const stopped = h.engine.stop();
    h.routing.releaseAll();
    await stopped;
    expect(h.routing.calls).toHaveLength(1 + MAX_BACKLOG);
  });

  test('a resume with nobody paused, during a rule change, does not drop the users still due', async () => {
    const h = await setup();
    h.setPolicy(policyOf({ preset: 'daktela', debounceMs: 0 }));
    h.engine.reevaluate(T);
    await flush();
    expect(await h.engine.resume(T, null)).toBe(0);
    await drain(h, () => h.routing.calls.length === USERS.length);
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.engine.snapshot(T).map((s) => s.routingSent?.state)).toEqual(USERS.map(() => 'unavailable'));
  });
});
