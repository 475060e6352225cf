/**
 * Keeps the audit log to its retention (PB_AUDIT_RETENTION_DAYS): prunes once at start, then once a day.
 * Clock and scheduler come in, so tests run it on fake time.
 */
import type { AuditRepository } from '../store/store';
import type { Clock, Scheduler, TimerHandle } from '../time/clock';

export const DAY_MS = 24 * 3_600_000;

export interface AuditRetentionOptions {
  audit: Pick<AuditRepository, 'prune'>;
  clock: Clock;
  scheduler: Scheduler;
  retentionDays: number;
  onPruned?(removed: number): void;
  onError?(error: unknown): void;
}

export interface AuditRetention {
  /** Removes the entries older than the retention now; resolves with how many. */
  pruneNow(): Promise<number>;
  stop(): void;
}

export function startAuditRetention(o: AuditRetentionOptions): AuditRetention {
  let timer: TimerHandle | undefined;
  let stopped = false;

  const pruneNow = async () => {
    const removed = await o.audit.prune(o.clock.now() - o.retentionDays * DAY_MS);
    if (removed > 0) o.onPruned?.(removed);
    return removed;
  };
  const run = () => {
    // A failed prune is retried the next day; the log only grows a little meanwhile.
    void pruneNow()
      .catch((error: unknown) => o.onError?.(error))
      .finally(() => {
        if (!stopped) timer = o.scheduler.after(DAY_MS, run);
      });
  };
  run();
  return {
    pruneNow,
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
