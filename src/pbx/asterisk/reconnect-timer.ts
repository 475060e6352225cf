/**
 * When to try again after a lost or refused connection. Uses the shared jittered backoff; the scheduler is
 * injected so tests move time by hand.
 */
import type { Scheduler, TimerHandle } from '../../time/clock';
import { backoffDelayMs, type BackoffTiming } from '../../backoff';

/** Full jitter (the shared default), never below `baseDelayMs`. */
export type ReconnectPolicy = Pick<BackoffTiming, 'baseDelayMs' | 'maxDelayMs'>;

export class ReconnectTimer {
  private failures = 0;
  private pending: TimerHandle | undefined;

  constructor(
    private readonly policy: ReconnectPolicy,
    private readonly scheduler: Scheduler,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Schedules `fn` after the next backoff delay and returns that delay. A refusal of the credentials waits
   * the longest delay straight away: retrying fast cannot help until an admin changes them.
   */
  schedule(fn: () => void, options: { slow?: boolean } = {}): number {
    this.cancel();
    this.failures++;
    const delay = options.slow ? this.policy.maxDelayMs : this.nextDelay();
    this.pending = this.scheduler.after(delay, () => {
      this.pending = undefined;
      fn();
    });
    return delay;
  }

  /** A connection that worked resets the backoff. */
  succeeded(): void {
    this.failures = 0;
  }

  cancel(): void {
    this.pending?.cancel();
    this.pending = undefined;
  }

  get attempts(): number {
    return this.failures;
  }

  private nextDelay(): number {
    const timing: BackoffTiming = { baseDelayMs: this.policy.baseDelayMs, maxDelayMs: this.policy.maxDelayMs, jitter: 'full' };
    // Full jitter may pick ~0 ms; the floor keeps a flapping server from being hammered in a tight loop.
    return Math.max(this.policy.baseDelayMs, backoffDelayMs(this.failures, timing, this.random));
  }
}
