/**
 * Leading- and trailing-edge debounce per key. The first change after a quiet period is acted on at once by
 * the caller, which then `open`s a window; while it is open, later changes are held (`hold`: the newest
 * replaces the waiting one) and fired once no change came for `delayMs`, so a burst ends on its final
 * value. A value that never settles is fired at the latest `maxWaitMs` after the window opened, and the
 * window stays open while changes go on. One timer per open window, re-armed instead of recreated.
 */
import type { Clock, Scheduler, TimerHandle } from '../../time/clock';

interface Window<V> {
  held: { value: V } | undefined;
  /** The last change's time + delay: when the value counts as settled. */
  settlesAt: number;
  deadline: number;
  delayMs: number;
  maxWaitMs: number;
  timer: TimerHandle;
}

export class Debouncer<K, V> {
  private readonly windows = new Map<K, Window<V>>();
  private heldCount = 0;

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    /** A held value whose time came. */
    private readonly fire: (key: K, value: V) => void,
  ) {}

  /** Values held right now. */
  get size(): number {
    return this.heldCount;
  }

  /** A change was acted on or held within the last `delayMs`: the next change is held. */
  isOpen(key: K): boolean {
    return this.windows.has(key);
  }

  /** The value held for `key`, if any. */
  peek(key: K): V | undefined {
    return this.windows.get(key)?.held?.value;
  }

  /** The caller acted on a change at once: hold the next ones until it is quiet for `delayMs`. */
  open(key: K, delayMs: number, maxWaitMs = delayMs * 5): void {
    const now = this.clock.now();
    const w = this.windows.get(key);
    if (w) {
      w.settlesAt = Math.max(w.settlesAt, now + delayMs);
      return;
    }
    const window: Window<V> = {
      held: undefined,
      settlesAt: now + delayMs,
      deadline: now + maxWaitMs,
      delayMs,
      maxWaitMs,
      timer: { cancel() {} },
    };
    window.timer = this.scheduler.after(delayMs, () => this.wake(key, window));
    this.windows.set(key, window);
  }

  /**
   * Hold `value` (replacing a held one) until the key is quiet. `isChange` false: the value repeats what is
   * known, so it does not push the settling time back.
   */
  hold(key: K, value: V, delayMs: number, isChange = true): void {
    if (!this.windows.has(key)) this.open(key, delayMs);
    const w = this.windows.get(key)!;
    if (!w.held) this.heldCount++;
    w.held = { value };
    if (isChange) w.settlesAt = this.clock.now() + delayMs;
  }

  /** Take the held value now (it will not fire); the window stays open. */
  take(key: K): V | undefined {
    const w = this.windows.get(key);
    if (!w?.held) return undefined;
    const { value } = w.held;
    w.held = undefined;
    this.heldCount--;
    return value;
  }

  cancel(key: K): void {
    const w = this.windows.get(key);
    if (w) this.close(key, w);
  }

  cancelAll(): void {
    for (const [key, w] of [...this.windows]) this.close(key, w);
  }

  private close(key: K, w: Window<V>): void {
    w.timer.cancel();
    if (w.held) this.heldCount--;
    this.windows.delete(key);
  }

  private wake(key: K, w: Window<V>): void {
    if (this.windows.get(key) !== w) return;
    const now = this.clock.now();
    const settled = now >= w.settlesAt;
    if (!settled && (!w.held || now < w.deadline)) {
      this.rearm(key, w, Math.min(w.settlesAt, w.held ? w.deadline : Infinity) - now);
      return;
    }
    const held = w.held;
    if (settled) this.close(key, w);
    else {
      // Still changing at the deadline: fire what is held, and keep holding what comes next.
      w.held = undefined;
      this.heldCount--;
      w.deadline = now + w.maxWaitMs;
      this.rearm(key, w, w.settlesAt - now);
    }
    if (held) this.fire(key, held.value);
  }

  private rearm(key: K, w: Window<V>, inMs: number): void {
    w.timer = this.scheduler.after(Math.max(0, inMs), () => this.wake(key, w));
  }
}
