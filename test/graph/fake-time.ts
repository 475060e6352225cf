/**
 * Fake time for src/graph tests: a clock, a sleep and a scheduler that only move when the test says so
 * (`advance`), or, with `runUntil`, whenever the code under test is idle and waiting for time to pass.
 * `inFlight` lets integration tests hold time still while real I/O (a request to the simulator) is under way.
 */
import type { Clock, Scheduler, TimerHandle } from '../../src/time/clock';
import type { Sleep } from '../../src/time/real-time';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const realDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeTime implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  /** Real I/O under way; `runUntil` does not move time while it is above 0. */
  inFlight = 0;

  constructor(start = Date.UTC(2026, 10, 22, 8, 0, 0)) {
    this.current = start;
  }

  now = (): number => this.current;

  readonly clock: Clock = { now: () => this.current };

  readonly sleep: Sleep = (ms) => new Promise<void>((resolve) => void this.schedule(ms, resolve));

  readonly scheduler: Scheduler = { after: (ms, fn) => this.schedule(ms, fn) };

  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private schedule(ms: number, fn: () => void): TimerHandle {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Let promises settle (several rounds of the real event loop, no real waiting). */
  async settle(rounds = 5): Promise<void> {
    for (let i = 0; i < rounds; i++) await realTick();
  }

  /** Move time forward by `ms`, firing due timers in order and letting their work settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await this.settle();
    for (;;) {
      const next = this.timers.find((t) => !t.cancelled);
      if (!next || next.at > target) break;
      this.fire(next);
      await this.settle();
    }
    this.current = target;
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
      if (this.inFlight > 0) {
        await realDelay(1);
        continue;
      }
      const next = this.timers.find((t) => !t.cancelled);
      if (!next) {
        await realDelay(1);
        continue;
      }
      if (++jumps > maxJumps) throw new Error(`runUntil: more than ${maxJumps} timer jumps`);
      this.fire(next);
    }
    return promise;
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer && !t.cancelled);
    this.current = Math.max(this.current, timer.at);
    timer.fn();
  }
}
