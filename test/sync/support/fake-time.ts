/** Fake clock and scheduler: time moves only when a test says so. */
import type { Clock, Scheduler, TimerHandle } from '../../../src/time/clock';
import { TimerQueue } from '../../support/timer-queue';

export class FakeTime implements Clock, Scheduler {
  private readonly queue: TimerQueue;

  constructor(start = 1_700_000_000_000) {
    this.queue = new TimerQueue(start);
  }

  now(): number {
    return this.queue.now;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.queue.schedule(ms, fn);
  }

  get pendingTimers(): number {
    return this.queue.pending;
  }

  /** Move time forward, running due timers in order (timers scheduled meanwhile included). */
  advance(ms: number): void {
    const end = this.queue.now + ms;
    while (this.queue.fireNext(end));
    this.queue.now = end;
  }
}
