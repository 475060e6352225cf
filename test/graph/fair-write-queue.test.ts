import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT_PER_TENANT, FairWriteQueue, SUPERSEDED } from '../../src/graph/fair-write-queue';
import type { WriteOutcome } from '../../src/sync/ports';
import { FakeTime } from './fake-time';

/** A write that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const ok = (detail: string): WriteOutcome => ({ ok: true, detail });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FairWriteQueue', () => {
  test('a newer write to the same user and slot replaces one not yet started', async () => {
    const queue = new FairWriteQueue({ maxInFlight: 1 });
    const ran: string[] = [];
    const first = gate();
    const a = queue.submit('t1', 'u1', 'session', async () => {
      ran.push('A');
      await first.opened;
      return ok('A');
    });
    const b = queue.submit('t1', 'u1', 'session', async () => (ran.push('B'), ok('B')));
    const c = queue.submit('t1', 'u1', 'session', async () => (ran.push('C'), ok('C')));
    first.open();
    expect(await a).toEqual(ok('A'));
    expect(await b).toBe(SUPERSEDED);
    expect(await c).toEqual(ok('C'));
    expect(ran).toEqual(['A', 'C']);
  });

  test("a user's writes run one at a time, in order, across slots", async () => {
    const queue = new FairWriteQueue({ maxInFlight: 8, maxInFlightPerTenant: 8 });
    const log: string[] = [];
    const write = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return ok(name);
    };
    await Promise.all([
      queue.submit('t1', 'u1', 'session', write('s1')),
      queue.submit('t1', 'u1', 'preferred', write('p1')),
      queue.submit('t1', 'u1', 'session', write('s2')),
    ]);
    expect(log).toEqual(['start s1', 'end s1', 'start p1', 'end p1', 'start s2', 'end s2']);
  });

  test('tenants take turns: a small tenant is not starved by a big backlog', async () => {
    const queue = new FairWriteQueue({ maxInFlight: 1, maxInFlightPerTenant: 1 });
    const order: string[] = [];
    const all: Promise<WriteOutcome>[] = [];
    for (let i = 0; i < 6; i++) all.push(queue.submit('big', `u${i}`, 'session', async () => (order.push(`big${i}`), ok(''))));
    for (let i = 0; i < 2; i++) all.push(queue.submit('small', `u${i}`, 'session', async () => (order.push(`small${i}`), ok(''))));
    await Promise.all(all);
    expect(order).toEqual(['big0', 'big1', 'small0', 'big2', 'small1', 'big3', 'big4', 'big5']);
  });

  test('a tenant never has more than its cap in flight', async () => {
    const queue = new FairWriteQueue({ maxInFlight: 10, maxInFlightPerTenant: 2 });
    let inFlight = 0;
    let peak = 0;
    const write = async () => {
      peak = Math.max(peak, ++inFlight);
      await tick();
      inFlight--;
      return ok('');
    };
    await Promise.all(Array.from({ length: 9 }, (_, i) => queue.submit('t1', `u${i}`, 'session', write)));
    expect(peak).toBe(2);
  });

  test('a write that throws becomes a failed outcome, and the queue goes on', async () => {
    const queue = new FairWriteQueue();
    const failed = queue.submit('t1', 'u1', 'session', async () => {
      throw new Error('boom');
    });
    const next = queue.submit('t1', 'u1', 'preferred', async () => ok('next'));
    expect(await failed).toEqual({ ok: false, detail: 'boom' });
    expect(await next).toEqual(ok('next'));
    await queue.idle();
    expect(queue.depth()).toBe(0);
  });

  test('by default a tenant has 64 writes in flight, and all tenants together 128', async () => {
    const queue = new FairWriteQueue();
    const inFlight = new Map<string, number>();
    const hold = gate();
    const write = (tenantId: string) => async () => {
      inFlight.set(tenantId, (inFlight.get(tenantId) ?? 0) + 1);
      await hold.opened;
      return ok('');
    };
    const all = ['t1', 't2', 't3'].flatMap((t) => Array.from({ length: 100 }, (_, i) => queue.submit(t, `u${i}`, 'session', write(t))));
    await tick();
    expect(inFlight.get('t1')).toBe(DEFAULT_MAX_IN_FLIGHT_PER_TENANT);
    expect([...inFlight.values()].reduce((a, b) => a + b)).toBe(DEFAULT_MAX_IN_FLIGHT);
    expect([DEFAULT_MAX_IN_FLIGHT_PER_TENANT, DEFAULT_MAX_IN_FLIGHT]).toEqual([64, 128]);
    hold.open();
    await Promise.all(all);
  });

  test('a tenant that may not write yet keeps its writes queued (still coalescing) and leaves the slots to others', async () => {
    const time = new FakeTime();
    const t1ReadyAt = time.now() + 1_000;
    const queue = new FairWriteQueue({
      maxInFlight: 1,
      readyIn: (t) => (t === 't1' ? Math.max(0, t1ReadyAt - time.now()) : 0),
      scheduler: time.scheduler,
    });
    const ran: string[] = [];
    const write = (name: string) => async () => (ran.push(`${name}@${time.now() - (t1ReadyAt - 1_000)}`), ok(name));
    const older = queue.submit('t1', 'u1', 'session', write('t1 busy'));
    const others = [0, 1, 2].map((i) => queue.submit('t2', `u${i}`, 'session', write(`t2 u${i}`)));
    await Promise.all(others);
    expect(ran).toEqual(['t2 u0@0', 't2 u1@0', 't2 u2@0']);
    const newer = queue.submit('t1', 'u1', 'session', write('t1 away'));
    expect(await older).toBe(SUPERSEDED);
    await time.advance(999);
    expect(ran).toHaveLength(3);
    await time.advance(1);
    expect(await newer).toEqual(ok('t1 away'));
    expect(ran).toEqual(['t2 u0@0', 't2 u1@0', 't2 u2@0', 't1 away@1000']);
  });

  test.each([
    ['no writes in flight at all', { maxInFlight: 0 }, /maxInFlight must be a whole number of at least 1 \(got 0\)/],
    ['half a write per tenant', { maxInFlightPerTenant: 2.5 }, /maxInFlightPerTenant must be a whole number/],
    ['a readiness check without a scheduler', { readyIn: () => 0 }, /readyIn needs a scheduler/],
  ])('refuses %s', (_name, options, message) => {
    expect(() => new FairWriteQueue(options)).toThrow(message);
  });
});
