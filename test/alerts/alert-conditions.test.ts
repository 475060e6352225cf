import type { TenantStatus } from '../../src/service/admin/admin-service';
import { conditionsFromStatus, DEFAULT_CONDITION_SETTINGS } from '../../src/alerts/alert-conditions';
import { DAY, healthyStatus } from './status-fixture';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const keys = (status: TenantStatus, previous?: TenantStatus) => conditionsFromStatus(status, previous, NOW).map((c) => c.key);
const base = healthyStatus(NOW);

describe('conditionsFromStatus', () => {
  test('a healthy tenant has no alert conditions', () => {
    expect(keys(base)).toEqual([]);
  });

  test.each<[string, Partial<TenantStatus>, string[]]>([
    [
      'an expired secret at sign-in',
      { errors: [{ at: NOW, part: 'token', code: 'AADSTS7000222', message: 'The client secret expired.', fix: 'Create a new secret.' }] },
      ['token-failure'],
    ],
    ['revoked consent', { errors: [{ at: NOW, part: 'token', code: 'AADSTS65001', message: 'No consent.' }] }, ['consent-missing']],
    [
      'a consent part that is down',
      { parts: { ...base.parts, consent: { status: 'down', detail: 'consent revoked' } } },
      ['consent-missing'],
    ],
    ['a token part that is down without an error', { parts: { ...base.parts, token: { status: 'down' } } }, ['token-failure']],
    [
      'a missing Graph permission',
      { errors: [{ at: NOW, part: 'graph', code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' }] },
      ['permission-missing'],
    ],
    ['a connector that is down', { parts: { ...base.parts, connector: { status: 'down', detail: 'ECONNREFUSED' } } }, ['connector-down']],
    [
      'a failed directory fetch',
      { parts: { ...base.parts, directory: { status: 'down', detail: 'Graph 503' } } },
      ['directory-fetch-failed'],
    ],
    [
      'a refused directory drop',
      { parts: { ...base.parts, directory: { status: 'degraded', detail: 'would drop 40%' } } },
      ['directory-would-drop-users'],
    ],
    ['mapping conflicts', { counts: { ...base.counts, conflicts: 3 } }, ['mapping-conflicts']],
    [
      'Graph holding requests back after a 429',
      { parts: { ...base.parts, graph: { status: 'degraded', detail: 'throttled by Graph until 12:01' } } },
      ['throttling'],
    ],
    ['a pause older than the limit', { paused: { by: 'Adele Vance', at: NOW - 5 * 3600_000 } }, ['sync-paused']],
    ['a fresh pause', { paused: { by: 'Adele Vance', at: NOW - 60_000 } }, []],
    [
      'single users paused longer than the limit',
      { longestUserPause: { userId: 'u1', by: 'Adele Vance', at: NOW - 5 * 3600_000 }, counts: { ...base.counts, pausedUsers: 2 } },
      ['users-paused'],
    ],
    [
      'a user paused a minute ago',
      { longestUserPause: { userId: 'u1', by: 'Adele Vance', at: NOW - 60_000 }, counts: { ...base.counts, pausedUsers: 1 } },
      [],
    ],
    [
      'a whole-tenant pause (every user paused with it) is one alert',
      {
        paused: { by: 'Adele Vance', at: NOW - 5 * 3600_000 },
        longestUserPause: { userId: 'u1', by: 'Adele Vance', at: NOW - 5 * 3600_000 },
        counts: { ...base.counts, pausedUsers: 40 },
      },
      ['sync-paused'],
    ],
  ])('%s', (_case, patch, expected) => {
    expect(keys({ ...base, ...patch })).toEqual(expected);
  });

  test('the pause limit is a setting, and the users alert says how many and who paused the longest one', () => {
    const status = {
      ...base,
      longestUserPause: { userId: 'u1', by: 'Adele Vance', at: NOW - 2 * 3600_000 },
      counts: { ...base.counts, pausedUsers: 3 },
    };
    expect(conditionsFromStatus(status, undefined, NOW).map((c) => c.key)).toEqual([]);
    const [c] = conditionsFromStatus(status, undefined, NOW, { ...DEFAULT_CONDITION_SETTINGS, pausedAfterMs: 3600_000 });
    expect(c).toMatchObject({ key: 'users-paused', severity: 'info', title: "3 users' sync paused for over 1 h" });
    expect(c.text).toContain('Adele Vance paused the longest one at 2026-05-01 10:00 UTC');
  });

  test('errors from before the last good sweep describe the past, not the present', () => {
    const status = {
      ...base,
      polling: { ...base.polling, lastSweepAt: NOW, lastGoodSweepAt: NOW },
      errors: [{ at: NOW - 60_000, part: 'token', code: 'AADSTS7000222', message: 'expired' }],
    };
    expect(keys(status)).toEqual([]);
  });

  test('a token failure names the AADSTS code and carries its fix', () => {
    const [c] = conditionsFromStatus(
      {
        ...base,
        errors: [
          {
            at: NOW,
            part: 'token',
            code: 'AADSTS7000215',
            message: 'Invalid client secret provided.',
            fix: 'Enter the secret value, not its id.',
          },
        ],
      },
      undefined,
      NOW,
    );
    expect(c).toMatchObject({
      key: 'token-failure',
      severity: 'critical',
      code: 'AADSTS7000215',
      fix: 'Enter the secret value, not its id.',
    });
    expect(c.title).toContain('AADSTS7000215');
  });

  test('more throttled answers than in the previous status count as throttling, with a hold time', () => {
    const previous = { ...base, budget: { ...base.budget, throttledTotal: 10 } };
    const now = { ...base, budget: { ...base.budget, throttledTotal: 25 } };
    const [c] = conditionsFromStatus(now, previous, NOW);
    expect(c).toMatchObject({ key: 'throttling', holdMs: DEFAULT_CONDITION_SETTINGS.throttlingAfterMs });
    expect(keys(now, now)).toEqual([]);
  });

  test.each<[number, string | undefined, string | undefined]>([
    [200, undefined, undefined],
    [30, 'credential-expires-30d', 'info'],
    [12, 'credential-expires-30d', 'info'],
    [7, 'credential-expires-7d', 'warning'],
    [0.5, 'credential-expires-1d', 'critical'],
    [0, 'credential-expired', 'critical'],
    [-3, 'credential-expired', 'critical'],
  ])('a secret with %s days left: %s', (daysLeft, key, severity) => {
    const found = conditionsFromStatus(
      { ...base, credential: { kind: 'secret', daysLeft, expiresAt: NOW + daysLeft * DAY } },
      undefined,
      NOW,
    );
    expect(found.map((c) => c.key)).toEqual(key ? [key] : []);
    if (key) expect(found[0]).toMatchObject({ severity, group: 'credential-expiry' });
  });

  test('days left are computed from the expiry date when the status gives only the date', () => {
    expect(keys({ ...base, credential: { kind: 'certificate', expiresAt: NOW + 6 * DAY } })).toEqual(['credential-expires-7d']);
  });
});
