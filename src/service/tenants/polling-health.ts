/**
 * The polling part of a tenant's health, from the poller's statistics. Down from the first failure until a
 * sweep goes through without one: a run of failing sweeps never reads as healthy in between.
 */
import type { PresencePollerStats } from '../../graph';

/** The polling part of tenant-runtime.ts's PartHealth: never 'degraded', always with a sentence. */
export interface PollingHealth {
  status: 'ok' | 'starting' | 'down';
  detail: string;
}

export function pollingHealth(stats: PresencePollerStats): PollingHealth {
  if (stats.failingSince !== undefined) {
    const retry = stats.nextTryAt !== undefined ? ` (next try ${new Date(stats.nextTryAt).toISOString()})` : '';
    return { status: 'down', detail: `${stats.lastError?.message ?? 'the last sweep failed'}${retry}` };
  }
  return {
    status: stats.sweeps > 0 ? 'ok' : 'starting',
    detail: `sweep every ${(stats.sweepPeriodMs / 1000).toFixed(1)} s over ${stats.usersPolled} users`,
  };
}
