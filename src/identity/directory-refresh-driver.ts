/**
 * Runs directory refreshes on a schedule (every hour by default) and on demand, one at a time: a refresh
 * reads the whole directory and rewrites the mapping, so two at once would only compete for Graph's
 * throttling budget and the database. A request for a tenant that is already queued or running joins that
 * refresh instead of starting another.
 *
 * A refresh that could not read the directory (an exception, or a fetch that failed) is tried again soon,
 * with growing waits, instead of after the whole interval: on a fresh install that first refresh is what
 * maps anybody at all. A refusal that needs an admin (dropping most users) waits for the schedule.
 */
import { backoffCeilingMs, backoffDelayMs, type BackoffTiming } from '../backoff';
import type { Scheduler, TimerHandle } from '../time/clock';
import type { DirectoryRefreshOptions, DirectoryRefreshResult, RefreshProgress } from './directory-refresh';
import { RefreshStoppedError } from './errors';

export const DEFAULT_REFRESH_INTERVAL_MS = 60 * 60 * 1000;
/** First retry after a failed refresh at most 15 s later, doubling with each failure; capped at the interval. */
export const REFRESH_RETRY_BASE_MS = 15_000;

export type RefreshRequest = Pick<DirectoryRefreshOptions, 'acceptDrop' | 'fetch'>;

export interface DirectoryRefreshDriverOptions {
  /** One refresh; usually `(tenantId, o) => refreshDirectory(deps, { tenantId, strategies, maxDropShare, ...o })`. */
  refresh(tenantId: string, options: RefreshRequest & { onProgress(progress: RefreshProgress): void }): Promise<DirectoryRefreshResult>;
  /** The tenants a scheduled round refreshes. */
  tenants(): Promise<readonly string[]> | readonly string[];
  scheduler: Scheduler;
  intervalMs?: number;
  /** Waits after failed refreshes; default exponential from 15 s, equal jitter, capped at the interval. */
  retry?: BackoffTiming;
  /** For the jitter (tests pass a fixed one). */
  random?: () => number;
  /** Every finished refresh, scheduled or not: where alerts go to the alert system. */
  onResult?(result: DirectoryRefreshResult): void;
  /** A refresh (or the tenant list) failed with an exception: the store, usually. */
  onError?(error: unknown, tenantId?: string): void;
  /** Progress of scheduled refreshes (on-demand callers pass their own). */
  onProgress?(progress: RefreshProgress): void;
}

export interface DirectoryRefreshDriver {
  /** Arms the schedule; with `runNow` (default) the first round starts at once. */
  start(options?: { runNow?: boolean }): void;
  /** Disarms the schedule, refuses new requests, and waits for the refresh in progress. */
  stop(): Promise<void>;
  refreshNow(
    tenantId: string,
    options?: RefreshRequest & { onProgress?(progress: RefreshProgress): void },
  ): Promise<DirectoryRefreshResult>;
  /** The tenant being refreshed right now, if any. */
  running(): string | undefined;
}

interface Job {
  tenantId: string;
  started: boolean;
  listeners: ((progress: RefreshProgress) => void)[];
  promise: Promise<DirectoryRefreshResult>;
}

export function createDirectoryRefreshDriver(options: DirectoryRefreshDriverOptions): DirectoryRefreshDriver {
  const intervalMs = options.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const retry: BackoffTiming = options.retry ?? { baseDelayMs: REFRESH_RETRY_BASE_MS, maxDelayMs: intervalMs, jitter: 'equal' };
  /** Failed refreshes in a row, per tenant that has not refreshed well since. */
  const failures = new Map<string, number>();
  /** Until the next full round, while retry rounds (failed tenants only) run in between. */
  let untilFullRoundMs = 0;
  const pending = new Map<string, Job>(); // queued or running, by tenant and request
  let queue: Promise<unknown> = Promise.resolve();
  let current: string | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  let round: Promise<void> | undefined;

  const jobKey = (tenantId: string, request: RefreshRequest) =>
    JSON.stringify([tenantId, request.acceptDrop === true, request.fetch !== false]);

  function refreshNow(
    tenantId: string,
    request: RefreshRequest & { onProgress?(progress: RefreshProgress): void } = {},
  ): Promise<DirectoryRefreshResult> {
    if (stopped) return Promise.reject(new RefreshStoppedError(tenantId));
    const { onProgress, ...refreshRequest } = request;
    const key = jobKey(tenantId, refreshRequest);
    const joined = pending.get(key);
    if (joined) {
      if (onProgress) {
        joined.listeners.push(onProgress);
        if (!joined.started) onProgress({ tenantId, phase: 'queued', counts: {} });
      }
      return joined.promise;
    }
    const job: Job = { tenantId, listeners: onProgress ? [onProgress] : [], started: false, promise: undefined as never };
    const tell = (progress: RefreshProgress) => job.listeners.forEach((listener) => listener(progress));
    if (current !== undefined || pending.size > 0) tell({ tenantId, phase: 'queued', counts: {} });
    job.promise = queue.then(async () => {
      job.started = true;
      current = tenantId;
      try {
        const result = await options.refresh(tenantId, { ...refreshRequest, onProgress: tell });
        if (result.alert?.kind === 'directory-fetch-failed') failed(tenantId);
        else failures.delete(tenantId);
        options.onResult?.(result);
        return result;
      } catch (err) {
        failed(tenantId);
        throw err;
      } finally {
        current = undefined;
        pending.delete(key);
      }
    });
    // One failed refresh does not block the next; and the chain keeps no result (a match of 100,000 entries).
    queue = job.promise.then(
      () => undefined,
      () => undefined,
    );
    pending.set(key, job);
    return job.promise;
  }

  function failed(tenantId: string): void {
    failures.set(tenantId, (failures.get(tenantId) ?? 0) + 1);
  }

  /** A full round refreshes every tenant; a retry round only those whose last refresh failed. */
  async function runRound(full: boolean): Promise<void> {
    try {
      const all = await options.tenants();
      for (const gone of [...failures.keys()].filter((id) => !all.includes(id))) failures.delete(gone);
      for (const tenantId of full ? all : all.filter((id) => failures.has(id))) {
        if (stopped) return;
        await refreshNow(tenantId, { onProgress: options.onProgress }).catch((err) => options.onError?.(err, tenantId));
      }
    } catch (err) {
      options.onError?.(err);
    }
  }

  /**
   * One timer: the next full round, or sooner a retry round while some tenant's last refresh failed. A retry
   * that could reach the full round is that round (the rhythm of the schedule stays).
   */
  function armNext(): void {
    const worst = Math.max(0, ...failures.values());
    const retrySooner = worst > 0 && backoffCeilingMs(worst, retry) < untilFullRoundMs;
    arm(retrySooner ? backoffDelayMs(worst, retry, options.random) : untilFullRoundMs);
  }

  function arm(delayMs: number): void {
    if (stopped) return;
    timer = options.scheduler.after(delayMs, () => {
      untilFullRoundMs -= delayMs;
      const full = untilFullRoundMs <= 0;
      if (full) untilFullRoundMs = intervalMs;
      round = runRound(full).finally(armNext);
    });
  }

  return {
    start({ runNow = true } = {}) {
      if (timer || round) return;
      stopped = false;
      untilFullRoundMs = runNow ? 0 : intervalMs;
      arm(untilFullRoundMs);
    },
    async stop() {
      stopped = true;
      timer?.cancel();
      timer = undefined;
      await queue;
      await round;
      round = undefined;
    },
    refreshNow,
    running: () => current,
  };
}
