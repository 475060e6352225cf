/**
 * A warning that may repeat every second (a sweep failing the same way) is logged once, then at most once per
 * interval with how many times it happened meanwhile: the log keeps the news, not the noise.
 */
import type { Clock } from '../time/clock';

export interface WarningLog {
  warn(obj: object, msg: string): void;
}

export interface RepeatedWarning {
  warn(obj: object, msg: string): void;
}

export const REPEATED_WARNING_INTERVAL_MS = 5 * 60_000;

export function createRepeatedWarning(log: WarningLog, clock: Clock, intervalMs = REPEATED_WARNING_INTERVAL_MS): RepeatedWarning {
  let lastAt: number | undefined;
  let suppressed = 0;
  return {
    warn(obj, msg) {
      const now = clock.now();
      if (lastAt !== undefined && now - lastAt < intervalMs) {
        suppressed++;
        return;
      }
      log.warn(suppressed > 0 ? { ...obj, repeatedSinceLastWarning: suppressed } : obj, msg);
      lastAt = now;
      suppressed = 0;
    },
  };
}
