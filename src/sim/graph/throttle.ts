/**
 * Graph's presence throttle: at most `limit` requests per `windowMs` per application per tenant, as a sliding
 * window over admitted requests. A refused request does not count; it learns when the oldest admitted one
 * leaves the window (Retry-After).
 */
export interface ThrottleDecision {
  admitted: boolean;
  /** Seconds until a slot frees up (fractional), when refused. */
  retryAfterSeconds?: number;
}

export class SlidingWindowThrottle {
  /** Admission times per key, oldest first; a ring would be faster, but the window is small. */
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private limit: number,
    private readonly windowMs: number,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  get settings(): { limit: number; windowMs: number } {
    return { limit: this.limit, windowMs: this.windowMs };
  }

  tryAdmit(key: string, now: number): ThrottleDecision {
    let times = this.admitted.get(key);
    if (!times) {
      times = [];
      this.admitted.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && times[expired] <= now - this.windowMs) expired += 1;
    if (expired > 0) times.splice(0, expired);
    if (times.length < this.limit) {
      times.push(now);
      return { admitted: true };
    }
    const waitMs = times[0] + this.windowMs - now;
    return { admitted: false, retryAfterSeconds: Math.max(0.001, Math.ceil(waitMs) / 1000) };
  }
}
