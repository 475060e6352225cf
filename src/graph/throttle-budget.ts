/**
 * A tenant's request budget: at most `limit` request starts in any window of `windowMs` (a sliding log,
 * never exceeded, not a fixed bucket that allows 2x at a boundary). Callers wait for a slot, first come
 * first served. `pauseUntil` (Retry-After) holds back every caller of the tenant. With `spacingMs`, starts are
 * also spread evenly (never two closer than that), so a steady stream never bunches at the window's start.
 */
import type { Clock } from '../time/clock';
import type { Sleep } from '../time/real-time';

export interface ThrottleBudgetOptions {
  limit: number;
  windowMs: number;
  /**
   * Extra width of our window over the server's: a request is stamped when it leaves here and counted
   * when it arrives there, so uneven network delays could otherwise squeeze one request too many into
   * the server's window.
   */
  safetyMarginMs?: number;
  /** Least time between two starts (default 0: no pacing, only the window's count). */
  spacingMs?: number;
  clock: Clock;
  sleep: Sleep;
}

export class ThrottleBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly span: number;
  /** Start times in the current window, oldest first. */
  private starts: number[] = [];
  private head = 0;
  /** With spacing: the earliest next start, kept on an exact grid while busy (timers round to whole ms). */
  private nextStartAt = -Infinity;
  private pausedUntilMs = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly options: ThrottleBudgetOptions) {
    if (!(options.limit >= 1)) throw new RangeError(`budget limit must be at least 1 (got ${options.limit})`);
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.span = options.windowMs + (options.safetyMarginMs ?? 0);
  }

  /** Resolves when the caller may send one request; the slot is used from that moment. */
  acquire(): Promise<void> {
    this.waiting++;
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.finally(() => {
      this.waiting--;
    });
    return turn;
  }

  /** Nobody starts a request before `untilMs` (e.g. now + Retry-After). Never shortens an existing pause. */
  pauseUntil(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  get pausedUntil(): number {
    return this.pausedUntilMs;
  }

  /** Requests started within the last window. */
  used(): number {
    this.expire(this.options.clock.now());
    return this.starts.length - this.head;
  }

  /**
   * Milliseconds until one more caller would get a slot (0: at once), counting callers already waiting:
   * lets a queue keep work back instead of parking it here.
   */
  readyIn(): number {
    const now = this.options.clock.now();
    const spacing = this.options.spacingMs ?? 0;
    let wait = Math.max(0, this.pausedUntilMs - now, this.nextStartAt + this.waiting * spacing - now);
    this.expire(now);
    const busy = this.starts.length - this.head + this.waiting;
    if (busy >= this.limit) {
      const freeing = this.head + busy - this.limit;
      wait = Math.max(wait, freeing < this.starts.length ? this.starts[freeing] + this.span - now + 1 : Math.max(1, spacing));
    }
    return Math.ceil(wait);
  }

  /** Callers waiting for a slot. */
  queued(): number {
    return this.waiting;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.options.clock.now();
      if (now < this.pausedUntilMs) {
        await this.options.sleep(this.pausedUntilMs - now);
        continue;
      }
      if (now < this.nextStartAt) {
        await this.options.sleep(Math.ceil(this.nextStartAt - now));
        continue;
      }
      this.expire(now);
      if (this.starts.length - this.head < this.limit) {
        this.starts.push(now);
        const spacing = this.options.spacingMs ?? 0;
        this.nextStartAt = (now - this.nextStartAt < spacing ? this.nextStartAt : now) + spacing;
        return;
      }
      await this.options.sleep(this.starts[this.head] + this.span - now + 1);
    }
  }

  /** Forget starts older than the window (the window includes both its ends). */
  private expire(now: number): void {
    while (this.head < this.starts.length && this.starts[this.head] < now - this.span) this.head++;
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }
}
