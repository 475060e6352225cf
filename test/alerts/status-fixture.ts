/** A healthy TenantStatus to start from; each test changes only what it is about. */
import type { TenantStatus } from '../../src/service/admin/admin-service';

export const TENANT = 'tenant-a';
export const DAY = 86_400_000;

export function healthyStatus(now: number, patch: Partial<TenantStatus> = {}): TenantStatus {
  return {
    tenantId: TENANT,
    displayName: 'Contoso',
    mode: 'app',
    directions: { teamsToPbx: true, pbxToTeams: true },
    parts: {
      token: { status: 'ok' },
      graph: { status: 'ok', detail: '120/1500 requests in the last 30 s' },
      polling: { status: 'ok', detail: 'sweep every 6.0 s over 1,000 users' },
      connector: { status: 'ok', detail: 'webhook' },
      directory: { status: 'ok', detail: '990 users mapped' },
    },
    counts: { mapped: 990, unmatchedTeams: 8, unmatchedPbx: 3, conflicts: 0, overridden: 1, excluded: 1, pausedUsers: 0 },
    polling: { sweepPeriodMs: 6000, usersPolled: 1000, lastSweepAt: now - 1000, lastGoodSweepAt: now - 1000 },
    budget: { limitPer30s: 1500, usedLast30s: 120, pollShare: 0.8, throttledTotal: 0 },
    latency: { teamsToPbx: { p50Ms: 900, p95Ms: 2100, count: 40 }, pbxToTeams: { p50Ms: 300, p95Ms: 700, count: 30 }, history: [] },
    credential: { kind: 'secret', expiresAt: now + 200 * DAY, daysLeft: 200 },
    directory: { lastRefreshAt: now - 60_000, ageMs: 60_000, lastOutcome: 'unchanged' },
    errors: [],
    ...patch,
  };
}
