/**
 * Which alert conditions hold for a tenant, read from its health (and the one before it). Pure: the
 * engine decides what to send; this only says what is wrong now.
 */
import type { HealthError, TenantHealth } from './tenant-health';
import type { AlertCondition, AlertSeverity } from './alert-types';

export interface ConditionSettings {
  /** Throttled in every poll for this long before it is an alert. */
  throttlingAfterMs: number;
  /** A connector down for this long is an alert (a PBX restart is not). */
  connectorDownAfterMs: number;
  /** A pause (the whole tenant, or single users) older than this is an alert. */
  pausedAfterMs: number;
  /** Days before the secret or certificate expires at which to warn, e.g. [30, 7, 1]. */
  expiryWarningDays: readonly number[];
}

export const DEFAULT_CONDITION_SETTINGS: Readonly<ConditionSettings> = Object.freeze({
  throttlingAfterMs: 10 * 60_000,
  connectorDownAfterMs: 2 * 60_000,
  pausedAfterMs: 4 * 60 * 60_000,
  expiryWarningDays: [30, 7, 1],
});

const DAY_MS = 86_400_000;
/** Entra answers that mean the app is not (or no longer) consented or usable in the tenant. */
const CONSENT_CODES = new Set(['AADSTS65001', 'AADSTS7000112', 'AADSTS700016', 'AADSTS500011', 'AADSTS7000229']);
const PERMISSION_CODES = new Set(['Authorization_RequestDenied', '403', 'Forbidden']);
const CONSENT_FIX =
  'A Global Administrator opens the PresenceBridge tab > Setup and presses "Grant admin consent" (or grants it in Entra admin center > Enterprise applications > PresenceBridge > Permissions).';

export function conditionsFromStatus(
  status: TenantHealth,
  previous: TenantHealth | undefined,
  now: number,
  settings: ConditionSettings = DEFAULT_CONDITION_SETTINGS,
): AlertCondition[] {
  return [
    ...signInConditions(status),
    ...throttlingConditions(status, previous, settings),
    ...connectorConditions(status, settings),
    ...directoryConditions(status),
    ...mappingConditions(status),
    ...credentialConditions(status, now, settings),
    ...pauseConditions(status, now, settings),
    ...appRegistrationConditions(status),
  ];
}

/**
 * One alert per failing registration of a pool, naming it and why, and saying where its users went; it is
 * resolved when the registration is back. With every registration failing, the sign-in alerts say the rest.
 */
function appRegistrationConditions(status: TenantHealth): AlertCondition[] {
  const pool = status.appRegistrations ?? [];
  const working = pool.filter((r) => r.health === 'ok' || r.health === 'throttled');
  return pool
    .filter((r) => r.health === 'failing')
    .map((r) => {
      const name = `"${r.label}" (${r.clientId})`;
      const moved =
        working.length > 0
          ? `Its users' presence is now read and written through the other registration${working.length === 1 ? '' : 's'}: ${working.map((w) => `"${w.label}"`).join(', ')}, each within its own budget.`
          : 'No other registration of the pool works either: presence is not synchronised.';
      return {
        key: `app-registration-failing-${r.id}`,
        severity: working.length > 0 ? 'warning' : 'critical',
        title: `App registration ${name} is failing${r.problem?.code ? ` (${r.problem.code})` : ''}`,
        text: `${r.problem?.message ?? 'Microsoft refuses it.'} ${moved} PresenceBridge tries it again by itself and takes it back when it works.`,
        fix:
          r.problem?.fix ?? 'Check its client secret or certificate and its consent in the PresenceBridge tab > Setup > App registrations.',
        code: r.problem?.code,
      };
    });
}

/** Errors that happened after the last good sweep: the ones that still describe the present. */
function currentErrors(status: TenantHealth): HealthError[] {
  const lastGood = status.polling.lastGoodSweepAt ?? 0;
  return status.errors.filter((e) => e.at > lastGood).sort((a, b) => b.at - a.at);
}

function signInConditions(status: TenantHealth): AlertCondition[] {
  const errors = currentErrors(status);
  const conditions: AlertCondition[] = [];
  const entra =
    errors.find((e) => e.code !== undefined && /^AADSTS\d+$/.test(e.code)) ??
    errors.find((e) => e.part === 'token' || e.part === 'consent');
  const denied = errors.find((e) => e.code !== undefined && PERMISSION_CODES.has(e.code));
  // A Graph 403 also marks the consent part down; the permission alert below says it once, naming the permission.
  const consentDown = isDown(status.parts.consent) && !denied;
  if (consentDown || (entra && (entra.part === 'consent' || (entra.code !== undefined && CONSENT_CODES.has(entra.code))))) {
    conditions.push({
      key: 'consent-missing',
      severity: 'critical',
      title: `Admin consent for PresenceBridge is missing or was revoked${entra?.code ? ` (${entra.code})` : ''}`,
      text:
        entra?.message ??
        status.parts.consent?.detail ??
        'Microsoft Entra refuses to issue tokens to PresenceBridge in this tenant, so presence is not synchronised.',
      fix: entra?.fix ?? CONSENT_FIX,
      code: entra?.code,
    });
  } else if (entra || isDown(status.parts.token)) {
    conditions.push({
      key: 'token-failure',
      severity: 'critical',
      title: `PresenceBridge cannot sign in to Microsoft Graph${entra?.code ? ` (${entra.code})` : ''}`,
      text: entra?.message ?? status.parts.token?.detail ?? 'Microsoft Entra refuses the app credentials.',
      fix:
        entra?.fix ??
        'Check the client secret or certificate in the PresenceBridge tab > Setup; create a new secret in Entra admin center > App registrations > PresenceBridge > Certificates & secrets if it expired.',
      code: entra?.code,
    });
  }
  if (denied) {
    conditions.push({
      key: 'permission-missing',
      severity: 'critical',
      title: denied.permission
        ? `PresenceBridge lacks the Microsoft Graph permission ${denied.permission} (${denied.code})`
        : `Microsoft Graph refuses a call: a permission is missing (${denied.code})`,
      text: denied.message,
      fix:
        denied.fix ??
        'In Entra admin center > App registrations > PresenceBridge > API permissions, add the missing Microsoft Graph application permission and press "Grant admin consent". The tab\'s Setup > Check permissions names it.',
      code: denied.code,
    });
  }
  return conditions;
}

function throttlingConditions(status: TenantHealth, previous: TenantHealth | undefined, settings: ConditionSettings): AlertCondition[] {
  const graph = status.parts.graph;
  const pausedByGraph = graph?.status === 'degraded' && /throttl/i.test(graph.detail ?? '');
  const newlyThrottled = previous !== undefined && status.budget.throttledTotal > previous.budget.throttledTotal;
  if (!pausedByGraph && !newlyThrottled) return [];
  return [
    {
      key: 'throttling',
      severity: 'warning',
      title: 'Microsoft Graph keeps throttling PresenceBridge',
      text: `Graph has answered 429 for more than ${minutes(settings.throttlingAfterMs)}; presence changes reach the PBX late (sweep every ${seconds(status.polling.sweepPeriodMs)} over ${status.polling.usersPolled.toLocaleString('en-US')} users, ${status.budget.throttledTotal.toLocaleString('en-US')} throttled answers so far).`,
      fix: 'Check whether another app uses the same app registration for presence (the budget is per app and tenant); lower the polling share or the number of synchronised users, or wait: PresenceBridge backs off by itself.',
      holdMs: settings.throttlingAfterMs,
    },
  ];
}

function connectorConditions(status: TenantHealth, settings: ConditionSettings): AlertCondition[] {
  if (!isDown(status.parts.connector)) return [];
  return [
    {
      key: 'connector-down',
      severity: 'critical',
      title: 'The PBX connector is down',
      text: `PresenceBridge cannot reach the PBX: ${status.parts.connector?.detail ?? 'no detail'}. Line states are not read and routing is not set while it is down.`,
      fix: 'Check that the PBX is running and reachable from PresenceBridge, and the connector settings in the tab > Setup > Test connection.',
      holdMs: settings.connectorDownAfterMs,
    },
  ];
}

function directoryConditions(status: TenantHealth): AlertCondition[] {
  const part = status.parts.directory;
  if (isDown(part)) {
    return [
      {
        key: 'directory-fetch-failed',
        severity: 'warning',
        title: 'The user directory could not be read',
        text: `${part?.detail ?? 'The directory refresh failed'}. The last good mapping is kept.`,
        fix: 'Check the errors list ("errors") for the Graph answer; the next refresh retries by itself.',
      },
    ];
  }
  if (part?.status === 'degraded') {
    return [
      {
        key: 'directory-would-drop-users',
        severity: 'warning',
        title: 'A directory refresh would have dropped many users',
        text: part.detail ?? 'The last good mapping is kept.',
        fix: 'If the drop is expected, run a refresh that accepts it from the tab (Users > Refresh > accept the drop).',
      },
    ];
  }
  return [];
}

function mappingConditions(status: TenantHealth): AlertCondition[] {
  const n = status.counts.conflicts;
  if (n <= 0) return [];
  return [
    {
      key: 'mapping-conflicts',
      severity: 'warning',
      title: `${n} mapping conflict${n === 1 ? '' : 's'}`,
      text: `${n} user${n === 1 ? '' : 's'} could be matched to more than one extension (or share one), so ${n === 1 ? 'it is' : 'they are'} not synchronised.`,
      fix: 'Say "conflicts" to see them, then link each user to one extension in the tab (Users > Override) or import a mapping CSV.',
    },
  ];
}

function credentialConditions(status: TenantHealth, now: number, settings: ConditionSettings): AlertCondition[] {
  const { kind, expiresAt, daysLeft } = status.credential;
  if (kind === 'none') return [];
  const days = daysLeft ?? (expiresAt !== undefined ? (expiresAt - now) / DAY_MS : undefined);
  if (days === undefined) return [];
  const what = kind === 'secret' ? 'client secret' : 'certificate';
  const fix = `Create a new ${what} in Entra admin center > App registrations > PresenceBridge > Certificates & secrets and enter it in the PresenceBridge tab > Setup.`;
  const when = expiresAt !== undefined ? ` on ${new Date(expiresAt).toISOString().slice(0, 10)}` : '';
  if (days <= 0) {
    return [
      {
        key: 'credential-expired',
        group: 'credential-expiry',
        severity: 'critical',
        title: `The app's ${what} has expired`,
        text: `The ${what} expired${when}; PresenceBridge can no longer sign in.`,
        fix,
      },
    ];
  }
  const thresholds = [...settings.expiryWarningDays].sort((a, b) => a - b);
  const threshold = thresholds.find((t) => days <= t);
  if (threshold === undefined) return [];
  const severity: AlertSeverity = threshold <= 1 ? 'critical' : threshold <= 7 ? 'warning' : 'info';
  const left = Math.max(1, Math.ceil(days));
  return [
    {
      key: `credential-expires-${threshold}d`,
      group: 'credential-expiry',
      severity,
      title: `The app's ${what} expires in ${left} day${left === 1 ? '' : 's'}`,
      text: `The ${what} expires${when}; after that PresenceBridge cannot sign in.`,
      fix,
    },
  ];
}

function pauseConditions(status: TenantHealth, now: number, settings: ConditionSettings): AlertCondition[] {
  const paused = status.paused;
  if (!paused) return userPauseConditions(status, now, settings);
  if (now - paused.at < settings.pausedAfterMs) return [];
  return [
    {
      key: 'sync-paused',
      severity: 'warning',
      title: `Sync has been paused for ${duration(now - paused.at)}`,
      text: `${paused.by} paused synchronisation for the whole tenant at ${new Date(paused.at).toISOString().replace('T', ' ').slice(0, 16)} UTC; Teams and the PBX are drifting apart.`,
      fix: 'Say "resume" to PresenceBridge (or press Resume in the tab) when the maintenance is over.',
    },
  ];
}

function userPauseConditions(status: TenantHealth, now: number, settings: ConditionSettings): AlertCondition[] {
  const oldest = status.longestUserPause;
  if (!oldest || now - oldest.at < settings.pausedAfterMs) return [];
  const users = status.counts.pausedUsers;
  return [
    {
      key: 'users-paused',
      severity: 'info',
      title: `${users} user${users === 1 ? "'s" : "s'"} sync paused for over ${duration(settings.pausedAfterMs)}`,
      text: `${oldest.by} paused the longest one at ${new Date(oldest.at).toISOString().replace('T', ' ').slice(0, 16)} UTC; their Teams and PBX states are drifting apart.`,
      fix: 'Find them in the tab\'s Users view (routing shows "paused") and say "resume <user>" to PresenceBridge for each one whose reason is over.',
    },
  ];
}

function isDown(part: { status: string } | undefined): boolean {
  return part?.status === 'down';
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function duration(ms: number): string {
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} days`;
}
