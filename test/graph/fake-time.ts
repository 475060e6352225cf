/**
 * Fake time for src/graph tests: a clock, a sleep and a scheduler that only move when the test says so
 * (`advance`), or, with `runUntil`, whenever the code under test is idle and waiting for time to pass.
 * `inFlight` lets integration tests hold time still while real I/O (a request to the simulator) is under way.
 */
import type { Clock, Scheduler } from '../../src/time/clock';
import type { Sleep } from '../../src/time/real-time';
import { TimerQueue } from '../support/timer-queue';

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeTime implements Clock {
  private readonly queue: TimerQueue;
  /** Real I/O under way; `runUntil` does not move time while it is above 0. */
  inFlight = 0;

  constructor(start = Date.UTC(2026, 10, 22, 8, 0, 0)) {
    this.queue = new TimerQueue(start);
  }

  now = (): number => this.queue.now;

  readonly clock: Clock = { now: () => this.queue.now };

  readonly sleep: Sleep = (ms) => new Promise<void>((resolve) => void this.queue.schedule(ms, resolve));

  readonly scheduler: Scheduler = { after: (ms, fn) => this.queue.schedule(ms, fn) };

  pending(): number {
    return this.queue.pending;
  }

  /** Let promises settle (several rounds of the real event loop, no real waiting). */
  async settle(rounds = 5): Promise<void> {
    for (let i = 0; i < rounds; i++) await realTick();
  }

  /** Move time forward by `ms`, firing due timers in order and letting their work settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.queue.now + ms;
    do await this.settle();
    while (this.queue.fireNext(target));
    this.queue.now = target;
    await this.settle();
  }

  /**
   * Run until `promise` settles: whenever nothing real is under way, jump to the next timer. Gives up after
   * `maxJumps` jumps (an endless loop is a bug in the code under test).
   */
  async runUntil<T>(promise: Promise<T>, maxJumps = 1_000_000): Promise<T> {
    let done = false;
    promise.then(
      () => (done = true),
      () => (done = true),
    );
    let jumps = 0;
    while (!done) {
      await this.settle(3);
      if (done) break;
      if (this.inFlight > 0 || this.queue.pending === 0) {
        await realDelay(1);
        continue;
      }
      if (++jumps > maxJumps) throw new Error(`runUntil: more than ${maxJumps} timer jumps`);
      this.queue.fireNext();
    }
    return promise;
  }
}
