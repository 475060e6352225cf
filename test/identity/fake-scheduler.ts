/** A scheduler on fake time: `advance` runs what falls due, and lets the promises it starts settle. */
import type { Scheduler, TimerHandle } from '../../src/time/clock';
import { TimerQueue } from '../support/timer-queue';

export class FakeScheduler implements Scheduler {
  private readonly queue = new TimerQueue(0);

  get now(): number {
    return this.queue.now;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.queue.schedule(ms, fn);
  }

  pendingDelays(): number[] {
    return this.queue.delays();
  }

  async advance(ms: number): Promise<void> {
    const until = this.queue.now + ms;
    do await settle();
    while (this.queue.fireNext(until));
    this.queue.now = until;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
