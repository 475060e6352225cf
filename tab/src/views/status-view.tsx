/** Status: is it working, how fast, what is wrong and how to fix it. Refreshes every 10 s while shown. */
import { Badge, ProgressBar, Spinner, Text } from '@fluentui/react-components';
import { useEffect } from 'react';
import { CredentialExpiry } from '../components/credential-expiry';
import { ErrorMessage } from '../components/error-message';
import { LatencyChart } from '../components/latency-chart';
import { PartHealthList } from '../components/part-health-list';
import { RecentErrors } from '../components/recent-errors';
import { RegistrationLines } from '../components/registration-lines';
import { Section } from '../components/section';
import { StatGrid } from '../components/stat-grid';
import { countText, durationText, timeText } from '../format/format';
import { useApi } from '../hooks/api-context';
import { useResource } from '../hooks/use-resource';

const REFRESH_MS = 10_000;

export function StatusView() {
  const api = useApi();
  const status = useResource((signal) => api.status(signal));
  // The app-registration pool: a line each when there is more than the primary (a service without it: nothing shown).
  const pool = useResource((signal) => api.appRegistrations(signal));
  useEffect(() => {
    const timer = setInterval(() => {
      status.reload();
      pool.reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [status.reload, pool.reload]);

  const s = status.data;
  if (!s)
    return status.error ? <ErrorMessage error={status.error} title="Could not load the status" /> : <Spinner label="Loading status" />;
  const now = Date.now();
  const budgetShare = s.budget.limitPer30s > 0 ? Math.min(1, s.budget.usedLast30s / s.budget.limitPer30s) : 0;

  return (
    <div style={{ display: 'grid', gap: 12 }} data-testid="status-view">
      {status.error !== undefined && <ErrorMessage error={status.error} title="Could not refresh the status; showing the last answer" />}
      <Text>
        <strong>{s.displayName}</strong> ({s.tenantId}) {s.mode === 'demo' && <Badge appearance="outline">demo</Badge>}{' '}
        <Badge appearance="tint" color={s.directions.teamsToPbx ? 'success' : 'subtle'}>
          Teams -&gt; PBX {s.directions.teamsToPbx ? 'on' : 'off'}
        </Badge>{' '}
        <Badge appearance="tint" color={s.directions.pbxToTeams ? 'success' : 'subtle'}>
          PBX -&gt; Teams {s.directions.pbxToTeams ? 'on' : 'off'}
        </Badge>{' '}
        {s.paused && (
          <Badge color="warning" appearance="filled">
            paused by {s.paused.by}
          </Badge>
        )}
      </Text>
      <Section title="Health">
        <PartHealthList parts={s.parts} />
      </Section>
      {pool.data && pool.data.registrations.length > 1 && (
        <Section title="App registrations" testId="status-registrations">
          <RegistrationLines registrations={pool.data.registrations} now={now} />
        </Section>
      )}
      <Section title="App credential">
        <CredentialExpiry credential={s.credential} />
      </Section>
      <Section title="Recent errors" testId="recent-errors-section">
        <RecentErrors errors={s.errors} />
      </Section>
      <Section title="Users">
        <StatGrid
          items={[
            ['Synced (mapped)', countText(s.counts.mapped)],
            ['Teams users without extension', countText(s.counts.unmatchedTeams)],
            ['Extensions without Teams user', countText(s.counts.unmatchedPbx)],
            ['Conflicts', countText(s.counts.conflicts)],
            ['Overridden', countText(s.counts.overridden)],
            ['Excluded', countText(s.counts.excluded)],
            ['Paused', countText(s.counts.pausedUsers)],
          ]}
        />
      </Section>
      <Section title="Sync latency, last hour">
        <StatGrid
          items={[
            [
              'Teams -> PBX p50 / p95',
              s.latency.teamsToPbx ? `${durationText(s.latency.teamsToPbx.p50Ms)} / ${durationText(s.latency.teamsToPbx.p95Ms)}` : '-',
            ],
            [
              'PBX -> Teams p50 / p95',
              s.latency.pbxToTeams ? `${durationText(s.latency.pbxToTeams.p50Ms)} / ${durationText(s.latency.pbxToTeams.p95Ms)}` : '-',
            ],
          ]}
        />
        <LatencyChart history={s.latency.history} now={now} />
      </Section>
      <Section title="Microsoft Graph budget and polling">
        <StatGrid
          items={[
            ['Requests, last 30 s', `${countText(s.budget.usedLast30s)} of ${countText(s.budget.limitPer30s)}`],
            ['Share for polling', `${Math.round(s.budget.pollShare * 100)} %`],
            ['Throttled (429) so far', countText(s.budget.throttledTotal)],
            ['Sweep period', durationText(s.polling.sweepPeriodMs)],
            ['Users polled', countText(s.polling.usersPolled)],
            ['Last sweep', timeText(s.polling.lastSweepAt)],
          ]}
        />
        <ProgressBar
          value={budgetShare}
          color={budgetShare > 0.9 ? 'warning' : 'brand'}
          aria-label="Graph budget used in the last 30 seconds"
        />
      </Section>
      <Section title="Directory">
        <StatGrid
          items={[
            ['Last refresh', timeText(s.directory.lastRefreshAt)],
            ['Age', durationText(s.directory.ageMs)],
            ['Last outcome', s.directory.lastOutcome ?? '-'],
          ]}
        />
      </Section>
    </div>
  );
}
