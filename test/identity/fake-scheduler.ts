/** A scheduler on fake time: `advance` runs what falls due, and lets the promises it starts settle. */
import type { Scheduler, TimerHandle } from '../../src/time/clock';

export class FakeScheduler implements Scheduler {
  now = 0;
  private timers: { due: number; fn: () => void; cancelled: boolean }[] = [];

  after(ms: number, fn: () => void): TimerHandle {
    const timer = { due: this.now + ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  pendingDelays(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.due - this.now);
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => !t.cancelled && t.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.now = next.due;
      next.fn();
    }
    this.now = until;
    await settle();
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
