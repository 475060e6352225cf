/** The Status view of one tenant, assembled from the running parts. */
import type { AdminError, PartHealthView, TenantStatus, UserRow } from './admin-service';
import type { TenantRecord } from '../../store/store';
import type { SyncPolicy } from '../../sync/decision/policy';
import type { LatencyHistory } from '../latency-history';
import type { TenantRuntime } from '../tenants/tenant-runtime';
import { readTenantSettings } from '../tenants/tenant-settings';

const DAY = 86_400_000;
const RECENT = DAY;

export interface StatusSources {
  record: TenantRecord;
  replica?: string;
  runtime?: TenantRuntime;
  policy: SyncPolicy;
  rows: readonly UserRow[];
  conflicts: number;
  overrides: number;
  tenantPaused?: { by: string; at: number };
  latency: LatencyHistory;
  errors: readonly AdminError[];
  budget: { limitPer30s: number; pollShare: number };
  lastRefreshAt?: number;
  now: number;
}

const ENTRA_CONSENT_CODES = new Set(['AADSTS65001', 'AADSTS90094', 'Authorization_RequestDenied']);

/** Token and consent health come from what Entra and Graph last said, newer than the last good sweep. */
function credentialParts(errors: readonly AdminError[], lastGoodAt: number): { token: PartHealthView; consent: PartHealthView } {
  const current = errors.filter((e) => e.at > lastGoodAt);
  const consent = current.find((e) => e.code && ENTRA_CONSENT_CODES.has(e.code));
  const token = current.find((e) => e.code?.startsWith('AADSTS') && !ENTRA_CONSENT_CODES.has(e.code));
  return {
    token: token ? { status: 'down', detail: `${token.code}: ${token.message}` } : { status: 'ok', detail: 'a token was issued' },
    consent: consent
      ? { status: 'down', detail: `${consent.code}: ${consent.message}` }
      : { status: 'ok', detail: 'permissions consented' },
  };
}

export function buildTenantStatus(s: StatusSources): TenantStatus {
  const settings = readTenantSettings(s.record.tenantId, s.record.settings);
  const poll = s.runtime?.poller.stats();
  const graph = s.runtime?.connection.client.stats();
  const count = (status: UserRow['status']) => s.rows.filter((r) => r.status === status).length;
  const runtimeParts = s.runtime?.health() ?? {};
  const lastGoodAt = poll?.lastGoodSweepAt ?? 0;
  const parts: Record<string, PartHealthView> = s.runtime
    ? { ...credentialParts(s.errors, lastGoodAt), ...runtimeParts }
    : { setup: { status: 'down', detail: s.errors.find((e) => e.part === 'setup')?.message ?? 'sync is not running for this tenant' } };
  if (!s.policy.teamsToPbx.enabled && !s.policy.pbxToTeams.enabled)
    parts.sync = { status: 'off', detail: 'both directions are switched off' };

  const certificate = s.runtime?.connection.tokens.certificate;
  const expiresAt = certificate ? certificate.notAfter.getTime() : settings.clientSecretExpiresAt;
  return {
    tenantId: s.record.tenantId,
    displayName: s.record.displayName,
    mode: s.record.mode,
    directions: { teamsToPbx: s.policy.teamsToPbx.enabled, pbxToTeams: s.policy.pbxToTeams.enabled },
    ...(s.replica !== undefined && { replica: s.replica }),
    paused: s.tenantPaused,
    longestUserPause: longestUserPause(s.rows),
    parts,
    counts: {
      mapped: s.rows.filter((r) => r.extension).length,
      unmatchedTeams: count('unmatched'),
      unmatchedPbx: s.runtime?.lastRefresh()?.summary?.unmatchedPbx ?? 0,
      conflicts: s.conflicts,
      overridden: s.overrides,
      excluded: count('excluded'),
      pausedUsers: s.rows.filter((r) => r.paused).length,
    },
    polling: {
      sweepPeriodMs: poll?.sweepPeriodMs ?? 0,
      usersPolled: poll?.usersPolled ?? 0,
      lastSweepAt: poll?.lastSweepAt,
      lastGoodSweepAt: poll?.lastGoodSweepAt,
    },
    budget: {
      limitPer30s: s.budget.limitPer30s,
      usedLast30s: graph?.usedInWindow ?? 0,
      pollShare: s.budget.pollShare,
      throttledTotal: graph?.throttled ?? 0,
    },
    latency: s.latency.lastHour(s.record.tenantId, s.now),
    credential: {
      kind: certificate || settings.certificatePem ? 'certificate' : s.record.mode === 'demo' || s.record.clientId ? 'secret' : 'none',
      expiresAt,
      daysLeft: expiresAt !== undefined ? Math.floor((expiresAt - s.now) / DAY) : undefined,
    },
    directory: {
      lastRefreshAt: s.lastRefreshAt,
      ageMs: s.lastRefreshAt !== undefined ? s.now - s.lastRefreshAt : undefined,
      lastOutcome: s.runtime?.lastRefresh()?.outcome,
    },
    errors: s.errors.filter((e) => e.at >= s.now - RECENT),
  };
}

/** The user paused the longest. */
function longestUserPause(rows: readonly UserRow[]): TenantStatus['longestUserPause'] {
  let oldest: TenantStatus['longestUserPause'];
  for (const r of rows)
    if (r.paused && (!oldest || r.paused.at < oldest.at)) oldest = { userId: r.userId, by: r.paused.by, at: r.paused.at };
  return oldest;
}
