/**
 * The one timer list behind every fake clock of the tests: timers fire in due order, and in the order they were
 * set when due together. Each fake wraps it with the shape its tests use (sync or async advance, how promises
 * settle between timers); this is the part they share.
 */
import type { TimerHandle } from '../../src/time/clock';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(public now: number) {}

  schedule(ms: number, fn: () => void): TimerHandle {
    const timer: Timer = { due: this.now + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Fires the earliest timer due by `until` (time moves to it) and says whether there was one. */
  fireNext(until = Infinity): boolean {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let next: Timer | undefined;
    for (const t of this.timers) if (t.due <= until && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
    if (!next) return false;
    this.timers.splice(this.timers.indexOf(next), 1);
    this.now = Math.max(this.now, next.due);
    next.fn();
    return true;
  }

  /** Delays of the timers still waiting, from now. */
  delays(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.due - this.now);
  }

  get pending(): number {
    return this.delays().length;
  }
}
