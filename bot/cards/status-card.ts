import type { LatencySummary, TenantStatus } from '../../src/service/admin/admin-service';
import { card, facts, heading, paragraph, section, submit, when, type AdaptiveCard, type Tone } from './card';

export interface StatusExtras {
  alertChannel?: { setBy: string; setAt: number };
  openAlerts: Array<{ severity: string; title: string }>;
}

const ICON: Record<string, string> = { ok: '✅', degraded: '⚠️', down: '❌', starting: '⏳', off: '⏸️' };

export function statusCard(status: TenantStatus, extras: StatusExtras): AdaptiveCard {
  const worst = Object.values(status.parts).some((p) => p.status === 'down')
    ? 'down'
    : Object.values(status.parts).some((p) => p.status === 'degraded')
      ? 'degraded'
      : 'ok';
  const tone: Tone = worst === 'down' ? 'attention' : worst === 'degraded' ? 'warning' : 'good';
  const c = status.counts;
  const body = [
    heading(`${status.displayName}: ${worst === 'ok' ? 'all good' : worst === 'down' ? 'something is down' : 'degraded'}`, tone),
    ...(status.paused
      ? [paragraph(`⏸️ Sync is paused for the whole tenant by ${status.paused.by} since ${when(status.paused.at)}.`, { tone: 'warning' })]
      : []),
    section('Health', [
      facts(
        Object.entries(status.parts).map(([part, p]) => [part, `${ICON[p.status] ?? ''} ${p.status}${p.detail ? `: ${p.detail}` : ''}`]),
      ),
    ]),
    section('Users', [
      facts([
        ['Matched', count(c.mapped)],
        ['Unmatched (Teams / PBX)', `${count(c.unmatchedTeams)} / ${count(c.unmatchedPbx)}`],
        ['Conflicts', count(c.conflicts)],
        ['Overridden / excluded', `${count(c.overridden)} / ${count(c.excluded)}`],
        ['Paused users', count(c.pausedUsers)],
      ]),
    ]),
    section('Sync', [
      facts([
        [
          'Directions',
          `Teams → PBX ${status.directions.teamsToPbx ? 'on' : 'off'}, PBX → Teams ${status.directions.pbxToTeams ? 'on' : 'off'}`,
        ],
        ['Sweep period', `${(status.polling.sweepPeriodMs / 1000).toFixed(1)} s over ${count(status.polling.usersPolled)} users`],
        [
          'Graph budget',
          `${count(status.budget.usedLast30s)} of ${count(status.budget.limitPer30s)} requests per 30 s (${Math.round(status.budget.pollShare * 100)}% for polling), ${count(status.budget.throttledTotal)} throttled`,
        ],
        ['Latency p95 Teams → PBX', latency(status.latency.teamsToPbx)],
        ['Latency p95 PBX → Teams', latency(status.latency.pbxToTeams)],
        ['Credential', credential(status)],
        [
          'Directory',
          status.directory.lastRefreshAt
            ? `refreshed ${when(status.directory.lastRefreshAt)} (${status.directory.lastOutcome ?? 'unknown'})`
            : 'not refreshed yet',
        ],
      ]),
    ]),
    ...(status.appRegistrations && status.appRegistrations.length > 1
      ? [section('App registrations', [facts(status.appRegistrations.map((r) => [r.label, registrationLine(r)]))])]
      : []),
    section('Alerts', [
      paragraph(
        extras.alertChannel
          ? `Alerts go to the channel chosen by ${extras.alertChannel.setBy} on ${when(extras.alertChannel.setAt)}.`
          : 'No alert channel yet: say "alerts here" in the channel that should get them.',
        { subtle: true },
      ),
      ...(extras.openAlerts.length === 0
        ? [paragraph('No open alerts.')]
        : extras.openAlerts.map((a) =>
            paragraph(`${a.severity === 'critical' ? '🔴' : a.severity === 'warning' ? '🟠' : '🔵'} ${a.title}`),
          )),
    ]),
  ];
  return card(body, [
    submit('Refresh', { command: 'status' }),
    submit('Errors', { command: 'errors' }),
    submit('Conflicts', { command: 'conflicts' }),
  ]);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function latency(summary: LatencySummary | undefined): string {
  return summary && summary.count > 0
    ? `${(summary.p95Ms / 1000).toFixed(1)} s (p50 ${(summary.p50Ms / 1000).toFixed(1)} s, ${count(summary.count)} changes)`
    : 'no changes measured yet';
}

function credential(status: TenantStatus): string {
  const { kind, expiresAt, daysLeft } = status.credential;
  if (kind === 'none') return status.mode === 'demo' ? 'demo (no expiry)' : 'none set';
  const days = daysLeft !== undefined ? Math.floor(daysLeft) : undefined;
  return `${kind === 'secret' ? 'client secret' : 'certificate'}${expiresAt ? ` expires ${when(expiresAt).slice(0, 10)}` : ''}${days !== undefined ? ` (${days} days left)` : ''}`;
}

type AppRegistrationView = NonNullable<TenantStatus['appRegistrations']>[number];

const REGISTRATION_ICON: Record<AppRegistrationView['health'], string> = { ok: '✅', throttled: '⚠️', failing: '❌', unchecked: '⏳' };

/** One compact line per registration: health, users it polls, its budget use, writes, and what is wrong. */
export function registrationLine(r: AppRegistrationView): string {
  const u = r.use;
  const days = r.credential.daysLeft;
  return [
    `${REGISTRATION_ICON[r.health]} ${r.health}`,
    `${count(u.usersPolled)} users`,
    `${count(u.usedLast30s)}/${count(u.limitPer30s)} req per 30 s`,
    `${count(u.writesLast30s)} writes`,
    ...(u.throttledTotal > 0 ? [`${count(u.throttledTotal)} throttled`] : []),
    ...(days !== undefined && days <= 30 ? [`${r.credential.kind} expires in ${Math.max(0, Math.floor(days))} days`] : []),
    ...(r.problem && r.health !== 'ok' ? [`${r.problem.code ? `${r.problem.code}: ` : ''}${r.problem.message}`] : []),
  ].join(' · ');
}
