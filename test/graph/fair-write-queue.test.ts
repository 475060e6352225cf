import { FairWriteQueue, SUPERSEDED } from '../../src/graph/fair-write-queue';
import type { WriteOutcome } from '../../src/sync/ports';

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

  test('a user\'s writes run one at a time, in order, across slots', async () => {
    const queue = new FairWriteQueue({ maxInFlight: 8, maxInFlightPerTenant: 8 });
    const log: string[] = [];
    const write = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return ok(name);
    };
    await Promise.all([queue.submit('t1', 'u1', 'session', write('s1')), queue.submit('t1', 'u1', 'preferred', write('p1')), queue.submit('t1', 'u1', 'session', write('s2'))]);
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
});
