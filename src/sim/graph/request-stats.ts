/** What each tenant asked of the simulator: counts per endpoint and a time-stamped log, to prove budgets held. */

export interface RecordedRequest {
  at: number;
  endpoint: string;
  status: number;
  clientId?: string;
}

export interface RequestStatsSnapshot {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  requests: RecordedRequest[];
}

const MAX_LOG = 500_000;

export class RequestStats {
  private readonly log: RecordedRequest[] = [];
  private readonly byEndpoint = new Map<string, number>();
  private readonly byStatus = new Map<number, number>();
  private total = 0;

  record(request: RecordedRequest): void {
    this.total += 1;
    this.byEndpoint.set(request.endpoint, (this.byEndpoint.get(request.endpoint) ?? 0) + 1);
    this.byStatus.set(request.status, (this.byStatus.get(request.status) ?? 0) + 1);
    if (this.log.length >= MAX_LOG) this.log.shift();
    this.log.push(request);
  }

  /** Requests per application (client id), optionally to these endpoints only. */
  byClient(endpoints?: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log) {
      if (endpoints && !endpoints.includes(r.endpoint)) continue;
      const k = r.clientId ?? 'unknown';
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }

  snapshot(): RequestStatsSnapshot {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      requests: [...this.log],
    };
  }

  /**
   * The most requests to the given endpoints sent inside any window of `windowMs` (optionally leaving out
   * the ones answered 429). Tests use it to prove "never more than 1500 per 30 s".
   */
  maxInWindow(endpoints: readonly string[], windowMs: number, options: { excludeThrottled?: boolean; clientId?: string } = {}): number {
    const times = this.log
      .filter(
        (r) =>
          endpoints.includes(r.endpoint) &&
          !(options.excludeThrottled && r.status === 429) &&
          (options.clientId === undefined || r.clientId === options.clientId),
      )
      .map((r) => r.at)
      .sort((a, b) => a - b);
    let max = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi += 1) {
      while (times[hi] - times[lo] >= windowMs) lo += 1;
      max = Math.max(max, hi - lo + 1);
    }
    return max;
  }

  reset(): void {
    this.log.length = 0;
    this.byEndpoint.clear();
    this.byStatus.clear();
    this.total = 0;
  }
}
