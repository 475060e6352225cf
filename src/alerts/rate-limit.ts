/** At most `max` messages per tenant within any `windowMs`: a storm of alerts is spread out, not dropped. */
export interface RateLimitSettings {
  max: number;
  windowMs: number;
}

export class TenantRateLimit {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly settings: RateLimitSettings) {}

  /** When the tenant may send next (now when it may send at once). */
  nextFreeAt(tenantId: string, now: number): number {
    const recent = this.recent(tenantId, now);
    return recent.length < this.settings.max ? now : recent[recent.length - this.settings.max] + this.settings.windowMs;
  }

  record(tenantId: string, now: number): void {
    const recent = this.recent(tenantId, now);
    recent.push(now);
    this.sent.set(tenantId, recent);
  }

  private recent(tenantId: string, now: number): number[] {
    return (this.sent.get(tenantId) ?? []).filter((t) => now - t < this.settings.windowMs);
  }
}
