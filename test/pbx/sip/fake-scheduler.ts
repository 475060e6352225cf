/** A Scheduler and Clock on fake time: `advance(ms)` runs what falls due, in order. */
import type { Clock, Scheduler, TimerHandle } from '../../../src/time/clock';
import { TimerQueue } from '../../support/timer-queue';

export class FakeScheduler implements Scheduler, Clock {
  private readonly queue = new TimerQueue(0);

  now(): number {
    return this.queue.now;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.queue.schedule(ms, fn);
  }

  /** Moves time forward, running due timers and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const end = this.queue.now + ms;
    do await flush();
    while (this.queue.fireNext(end));
    this.queue.now = end;
    await flush();
  }

  pending(): number {
    return this.queue.pending;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
