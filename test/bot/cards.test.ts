import { alertCard } from '../../bot/cards/alert-card';
import { card } from '../../bot/cards/card';
import { errorsCard } from '../../bot/cards/errors-card';
import { helpCard } from '../../bot/cards/help-card';
import { userListCard } from '../../bot/cards/list-card';
import { statusCard } from '../../bot/cards/status-card';
import { syncDoneCard, syncFailedCard, syncStartedCard } from '../../bot/cards/sync-card';
import { userCard, userChoiceCard } from '../../bot/cards/user-cards';
import { helpEntries } from '../../bot/command-table';
import { healthyStatus } from '../alerts/status-fixture';
import { cardProblems } from './card-validation';
import { PEOPLE } from './fake-admin-service';
import { registrationLine } from '../../bot/cards/status-card';
import type { AppRegistrationView } from '../../src/service/admin/app-registration-views';

const NOW = Date.UTC(2026, 4, 1, 12);
const status = healthyStatus(NOW);
const alert = {
  kind: 'raised' as const,
  tenantId: 't',
  key: 'connector-down',
  severity: 'critical' as const,
  title: 'The PBX connector is down',
  text: 'ECONNREFUSED',
  fix: 'Start the PBX.',
  openedAt: NOW,
  at: NOW,
};

const POOL: AppRegistrationView[] = [
  {
    id: 'primary',
    label: 'Primary (Setup)',
    clientId: 'c1',
    primary: true,
    credential: { kind: 'secret' },
    consent: 'granted',
    health: 'ok',
    use: { limitPer30s: 1500, usedLast30s: 712, usersPolled: 48_100, writesLast30s: 310, throttledTotal: 0 },
  },
  {
    id: 'reg-2',
    label: 'Pool 2',
    clientId: 'c2',
    primary: false,
    credential: { kind: 'secret', daysLeft: 5 },
    consent: 'granted',
    health: 'failing',
    problem: { code: 'AADSTS7000215', message: 'Invalid client secret provided.' },
    use: { limitPer30s: 1500, usedLast30s: 0, usersPolled: 0, writesLast30s: 0, throttledTotal: 3 },
  },
];

describe('Adaptive Cards', () => {
  test.each([
    ['help', helpCard(helpEntries())],
    ['help for text not understood', helpCard(helpEntries(), 'flibble')],
    ['status, healthy', statusCard(status, { openAlerts: [] })],
    [
      'status, troubled and paused',
      statusCard(
        {
          ...status,
          paused: { by: 'Adele', at: NOW },
          parts: { ...status.parts, connector: { status: 'down', detail: 'gone' } },
          credential: { kind: 'certificate', daysLeft: 3, expiresAt: NOW + 3 * 86_400_000 },
        },
        { alertChannel: { setBy: 'Adele', setAt: NOW }, openAlerts: [{ severity: 'critical', title: 'down' }] },
      ),
    ],
    ['status with an app-registration pool', statusCard({ ...status, appRegistrations: POOL }, { openAlerts: [] })],
    [
      'user',
      userCard(PEOPLE[0], [
        {
          tenantId: 't',
          userId: 'u1',
          at: NOW,
          direction: 'teamsToPbx',
          event: 'Teams Busy',
          outcome: 'applied',
          reason: 'changed',
          actions: [],
        },
      ]),
    ],
    ['user without trace', userCard({ ...PEOPLE[2], paused: { by: 'Adele', at: NOW } }, [])],
    ['user choice', userChoiceCard('alex', PEOPLE.slice(1, 3))],
    ['list page', userListCard('Unmapped', 'unmapped', PEOPLE.slice(2, 12), { offset: 10, size: 10, total: 24 }, 'none', 'hint')],
    ['empty list', userListCard('Conflicts', 'conflicts', [], { offset: 0, size: 10, total: 0 }, 'No conflicts.', 'hint')],
    ['errors', errorsCard([{ at: NOW, part: 'token', code: 'AADSTS7000222', message: 'Secret expired', fix: 'New secret' }])],
    ['no errors', errorsCard([])],
    ['sync started', syncStartedCard('Adele', NOW)],
    ['sync done', syncDoneCard('Adele', { outcome: 'replaced', mapped: 10, users: 12, changes: 1 }, NOW)],
    [
      'sync done, directory kept',
      syncDoneCard('Adele', { outcome: 'kept-last-good', mapped: 10, users: 12, changes: 1, alert: 'would drop 40%' }, NOW),
    ],
    ['sync failed', syncFailedCard('Adele', 'Graph 503', NOW)],
    ['alert raised', alertCard(alert)],
    ['alert resolved', alertCard({ ...alert, kind: 'resolved', at: NOW + 3_600_000 })],
  ])('the %s card is a valid Adaptive Card 1.5', (_name, built) => {
    expect(built.version).toBe('1.5');
    expect(cardProblems(built)).toEqual([]);
  });

  test('the validator does catch a broken card', () => {
    const broken = card([{ type: 'FactSet', facts: 'not a list' } as never, { type: 'NoSuchElement' }]);
    expect(cardProblems(broken).length).toBeGreaterThan(0);
  });

  test('a list page offers the neighbouring pages only', () => {
    const first = userListCard('U', 'unmapped', PEOPLE.slice(0, 10), { offset: 0, size: 10, total: 24 }, '', '');
    const last = userListCard('U', 'unmapped', PEOPLE.slice(0, 4), { offset: 20, size: 10, total: 24 }, '', '');
    expect(first.actions?.map((a) => [a.title, a.data])).toEqual([['Next', { command: 'unmapped', offset: 10 }]]);
    expect(last.actions?.map((a) => [a.title, a.data])).toEqual([['Previous', { command: 'unmapped', offset: 10 }]]);
  });
});

test('the status card gives each app registration one compact line: health, users, budget use, writes, problem', () => {
  expect(POOL.map(registrationLine)).toEqual([
    '✅ ok · 48,100 users · 712/1,500 req per 30 s · 310 writes',
    '❌ failing · 0 users · 0/1,500 req per 30 s · 0 writes · 3 throttled · secret expires in 5 days · AADSTS7000215: Invalid client secret provided.',
  ]);
  expect(JSON.stringify(statusCard({ ...status, appRegistrations: POOL }, { openAlerts: [] }))).toContain('Pool 2');
  expect(JSON.stringify(statusCard(status, { openAlerts: [] }))).not.toContain('App registrations');
});
