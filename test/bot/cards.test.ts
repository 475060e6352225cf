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
