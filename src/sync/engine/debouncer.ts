/**
 * Trailing debounce with one timer per key at most: a newer value replaces the waiting one and pushes the
 * due time back (never past `maxWaitMs` after the first), and the timer re-arms itself instead of being
 * cancelled and recreated per value.
 */
import type { Clock, Scheduler, TimerHandle } from '../ports';

interface Waiting<V> {
  value: V;
  due: number;
  deadline: number;
  timer: TimerHandle;
}

export class Debouncer<K, V> {
  private readonly waiting = new Map<K, Waiting<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly fire: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** The value waiting for `key`, if any. */
  peek(key: K): V | undefined {
    return this.waiting.get(key)?.value;
  }

  offer(key: K, value: V, delayMs: number, maxWaitMs = delayMs * 5): void {
    const now = this.clock.now();
    const w = this.waiting.get(key);
    if (w) {
      w.value = value;
      w.due = Math.min(now + delayMs, w.deadline);
      return;
    }
    const entry: Waiting<V> = { value, due: now + delayMs, deadline: now + maxWaitMs, timer: { cancel() {} } };
    entry.timer = this.scheduler.after(delayMs, () => this.wake(key, entry));
    this.waiting.set(key, entry);
  }

  /** Take the waiting value now (it will not fire). */
  take(key: K): V | undefined {
    const w = this.waiting.get(key);
    if (!w) return undefined;
    w.timer.cancel();
    this.waiting.delete(key);
    return w.value;
  }

  cancel(key: K): void {
    const w = this.waiting.get(key);
    if (w) {
      w.timer.cancel();
      this.waiting.delete(key);
    }
  }

  cancelAll(): void {
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
  }

  private wake(key: K, entry: Waiting<V>): void {
    if (this.waiting.get(key) !== entry) return;
    const left = entry.due - this.clock.now();
    if (left > 0) {
      entry.timer = this.scheduler.after(left, () => this.wake(key, entry));
      return;
    }
    this.waiting.delete(key);
    this.fire(key, entry.value);
  }
}
