import { flush, policyOf, usersShownBusy } from '../support/engine-harness';
import { T, teamsEvent } from '../support/events';

const USERS = Array.from({ length: 5 }, (_, i) => ({ userId: `u${i}`, extension: String(4000 + i) }));

/** Five users shown Busy and stored; then one routing write slot, held by the test. */
const setup = (debounceMs = 0) => usersShownBusy(USERS, policyOf({ debounceMs }), { maxConcurrentWrites: 1 });

describe('release: the tenant now runs on another replica', () => {
  test('writes still waiting are never made, nor saved, and the tenant is forgotten', async () => {
    const h = await setup();
    for (const { userId } of USERS) h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '2', 2000, userId));
    await flush();
    expect(h.routing.calls).toHaveLength(1); // one running, four waiting
    expect(h.engine.routingBacklog(T)).toBe(4);
    const savedBefore = await h.repository.loadAll(T);

    expect(h.engine.release(T)).toBe(USERS.length);
    expect(h.engine.snapshot(T)).toEqual([]);
    expect(h.engine.routingBacklog(T)).toBe(0);
    expect(h.engine.stats().users).toBe(0);

    h.routing.releaseAll(); // the write already handed over ends as it will
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.userId)).toEqual([USERS[0].userId]);
    const savedAfter = await h.repository.loadAll(T);
    for (const s of savedAfter.filter((s) => s.userId !== USERS[0].userId))
      expect(s).toEqual(savedBefore.find((b) => b.userId === s.userId));
  });

  test('a debounced change held for a released tenant never fires', async () => {
    const h = await setup(2_000);
    h.routing.manual = false;
    const [u] = USERS;
    h.time.advance(10_000);
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '2', h.time.now(), u.userId)); // at once (quiet before)
    await h.engine.idle();
    h.engine.submit(teamsEvent('Away/Away', '3', h.time.now() + 100, u.userId)); // held by the debounce
    h.routing.calls.length = 0;
    h.engine.release(T);
    h.time.advance(20_000);
    await h.engine.idle();
    expect(h.routing.calls).toEqual([]);
  });

  test('loaded again, the tenant starts from what the store holds', async () => {
    const h = await setup();
    h.routing.releaseAll();
    h.engine.release(T);
    expect(await h.engine.load(T)).toBe(USERS.length);
    expect(h.engine.snapshot(T).map((s) => s.routingSent?.state)).toEqual(USERS.map(() => 'busy'));
  });
});
