/** A clock and scheduler moved by hand: reconnect and keep-alive timers fire only when a test says so. */
import type { Clock, Scheduler } from '../../../../src/time/clock';

interface Pending {
  due: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeTime implements Clock, Scheduler {
  private nowMs: number;
  private readonly pending: Pending[] = [];

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  after(ms: number, fn: () => void) {
    const entry: Pending = { due: this.nowMs + ms, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Moves time on and runs every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const next = this.pending.filter((p) => !p.cancelled && p.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      next.cancelled = true;
      this.nowMs = Math.max(this.nowMs, next.due);
      next.fn();
    }
    this.nowMs = until;
  }

  /** Delays of the timers still waiting, from now. */
  waiting(): number[] {
    return this.pending.filter((p) => !p.cancelled).map((p) => p.due - this.nowMs);
  }
}
