/** How long an undelivered alert waits before the next try: doubling from `firstMs`, capped at `maxMs`. */
export interface RetrySettings {
  firstMs: number;
  maxMs: number;
}

export function retryDelayMs(attempts: number, settings: RetrySettings): number {
  return Math.min(settings.maxMs, settings.firstMs * 2 ** Math.max(0, attempts - 1));
}
