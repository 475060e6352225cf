/** A clock and scheduler moved by hand: reconnect and keep-alive timers fire only when a test says so. */
import type { Clock, Scheduler, TimerHandle } from '../../../../src/time/clock';
import { TimerQueue } from '../../../support/timer-queue';

export class FakeTime implements Clock, Scheduler {
  private readonly queue: TimerQueue;

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.queue = new TimerQueue(start);
  }

  now(): number {
    return this.queue.now;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.queue.schedule(ms, fn);
  }

  /** Moves time on and runs every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.queue.now + ms;
    while (this.queue.fireNext(until));
    this.queue.now = until;
  }

  /** Delays of the timers still waiting, from now. */
  waiting(): number[] {
    return this.queue.delays();
  }
}
