/**
 * The admin tab's pure logic (no browser): expiry colours, where a rule problem is shown, the consent
 * answer, the chart's y axis, which rows of the users table are rendered, token reuse, and how a checked
 * permission is shown.
 */
import { fieldChanges } from '../../tab/src/format/audit-text';
import { niceCeiling } from '../../tab/src/format/chart-scale';
import { expirySeverity, expiryText } from '../../tab/src/format/format';
import { dateInputValue, msFromDateInput } from '../../tab/src/format/date-input';
import { placeProblem, tableProblems } from '../../tab/src/format/rule-paths';
import { outcomeFromQuery } from '../../tab/src/consent/consent-outcome';
import { rowWindow } from '../../tab/src/hooks/row-window';
import { cachedToken } from '../../tab/src/host/token-cache';
import { permissionBadge, permissionNote } from '../../tab/src/format/permission-state';

describe('credential expiry', () => {
  test.each([
    [undefined, 'ok'],
    [365, 'ok'],
    [30, 'ok'],
    [29.9, 'warning'],
    [7, 'warning'],
    [6.9, 'error'],
    [0, 'error'],
    [-3, 'error'],
  ])('%s days left is %s', (days, severity) => {
    expect(expirySeverity(days)).toBe(severity);
  });

  test.each([
    ['secret', 12.6, 'The client secret expires in 12 days.'],
    ['certificate', 0.4, 'The certificate expires today.'],
    ['secret', -2, 'The client secret expired 2 days ago.'],
    ['none', undefined, 'No credential is set.'],
  ])('a %s with %s days left reads "%s"', (kind, days, text) => {
    expect(expiryText(kind, days)).toBe(text);
  });
});

describe('the secret expiry date field', () => {
  test.each([
    ['2026-11-27', Date.UTC(2026, 10, 27)],
    [' 2024-02-29 ', Date.UTC(2024, 1, 29)],
    ['2026-02-30', undefined],
    ['', undefined],
    ['27.11.2026', undefined],
  ])('%j is %s ms', (value, ms) => {
    expect(msFromDateInput(value)).toBe(ms);
  });

  test('a stored time is shown as its UTC day, and an empty field for no time', () => {
    expect(dateInputValue(Date.UTC(2026, 10, 27, 23, 59))).toBe('2026-11-27');
    expect(dateInputValue(msFromDateInput('2026-11-27'))).toBe('2026-11-27');
    expect(dateInputValue(undefined)).toBe('');
  });
});

describe('rule problems find their row and field', () => {
  test.each([
    ['teamsToPbx.rules[3].routing', { table: 'teamsToPbx', row: 3, field: 'routing' }],
    ['body.pbxToTeams.rules[1].teams', { table: 'pbxToTeams', row: 1, field: 'teams' }],
    ['teamsToPbx[12]', { table: 'teamsToPbx', row: 12, field: undefined }],
    ['debounceMs', { setting: 'debounceMs' }],
    ['body.pbxToTeams.replaceOnlyWhen', { setting: 'pbxToTeams.replaceOnlyWhen' }],
  ])('%s', (path, placed) => {
    expect(placeProblem(path, 'm')).toEqual({ ...placed, message: 'm' });
  });

  test('two problems in one place are shown together; other tables are left out', () => {
    const problems = [
      placeProblem('teamsToPbx.rules[2]', 'a'),
      placeProblem('teamsToPbx.rules[2]', 'b'),
      placeProblem('pbxToTeams.rules[2].line', 'c'),
    ];
    expect([...tableProblems(problems, 'teamsToPbx')]).toEqual([['2', 'a; b']]);
    expect([...tableProblems(problems, 'pbxToTeams')]).toEqual([['2.line', 'c']]);
  });
});

describe("Microsoft's answer on the consent redirect", () => {
  const q = (s: string) => new URLSearchParams(s);
  test.each([
    ['admin_consent=True&tenant=t&state=s1', 's1', { granted: true }],
    [
      'error=access_denied&error_description=AADSTS65004%3A+declined&state=s1',
      's1',
      { granted: false, error: 'access_denied', errorDescription: 'AADSTS65004: declined' },
    ],
    ['admin_consent=True&state=other', 's1', { granted: false, error: 'state_mismatch' }],
    ['admin_consent=True&state=s1', undefined, { granted: false, error: 'state_mismatch' }],
    ['state=s1', 's1', { granted: false, error: 'no_consent' }],
  ])('%s (expected state %s)', (query, state, outcome) => {
    expect(outcomeFromQuery(q(query), state)).toMatchObject(outcome);
  });
});

test.each([
  [0, 100],
  [3, 5],
  [84, 100],
  [101, 200],
  [1999, 2000],
  [2001, 5000],
  [7000, 10000],
])('a chart whose highest value is %i ms gets a y axis up to %i', (max, ceiling) => {
  expect(niceCeiling(max)).toBe(ceiling);
});

describe('the users table renders only the rows in view', () => {
  const base = { rowCount: 100_000, rowHeight: 36, viewportHeight: 432, overscan: 8 };
  test.each([
    [0, 0, 20],
    [36 * 50, 42, 70],
    [36 * 99_995, 99_987, 100_000],
    [36 * 200_000, 99_991, 100_000], // scrolled past the end (the list shrank)
  ])('at scroll %i it renders rows %i to %i', (scrollTop, start, end) => {
    const w = rowWindow({ ...base, scrollTop });
    expect([w.start, w.end]).toEqual([start, end]);
    expect(w.offsetTop).toBe(start * 36);
    expect(w.totalHeight).toBe(3_600_000);
  });

  test('an empty list renders nothing', () => {
    expect(rowWindow({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, totalHeight: 0, offsetTop: 0 });
  });
});

describe('the sign-in token is reused until shortly before it expires', () => {
  const jwt = (expSeconds: number) => `h.${Buffer.from(JSON.stringify({ exp: expSeconds })).toString('base64url')}.s`;

  test('one host call while valid, a new one within the last minute, and at once when asked for a fresh one', async () => {
    let now = 1_000_000;
    let calls = 0;
    const get = cachedToken(
      async () => jwt(now / 1000 + 600 + calls++),
      () => now,
    );
    const first = await get();
    expect(await get()).toBe(first);
    now += 539_000;
    expect(await get()).toBe(first);
    now += 2_000;
    const second = await get();
    expect(second).not.toBe(first);
    expect(await get({ fresh: true })).not.toBe(second);
    expect(calls).toBe(3);
  });

  test('two callers at once share one host call', async () => {
    let calls = 0;
    const get = cachedToken(async () => {
      calls++;
      return jwt(Date.now() / 1000 + 3600);
    });
    await Promise.all([get(), get(), get()]);
    expect(calls).toBe(1);
  });
});

describe('what an audit entry changed', () => {
  test.each<[string, unknown, unknown, Array<[string, string, string]>]>([
    ['nothing', { a: 1 }, { a: 1 }, []],
    [
      'a nested field',
      { directions: { pbxToTeams: true, teamsToPbx: true } },
      { directions: { pbxToTeams: false, teamsToPbx: true } },
      [['directions.pbxToTeams', 'true', 'false']],
    ],
    [
      'a secret changed (its state only)',
      { secrets: { clientSecret: 'set' } },
      { secrets: { clientSecret: 'changed' } },
      [['secrets.clientSecret', 'set', 'changed']],
    ],
    ['no before (a first setup)', undefined, { appKind: 'ownApp' }, [['appKind', '-', 'ownApp']]],
    ['a field that went away', { extension: '1001', status: 'matched' }, { status: 'matched' }, [['extension', '1001', '-']]],
    [
      'an array item by position',
      { rules: [{ routing: 'busy' }, { routing: 'dnd' }] },
      { rules: [{ routing: 'busy' }, { routing: 'available' }] },
      [['rules[1].routing', 'dnd', 'available']],
    ],
    ['an array that grew', { added: [] }, { added: ['x'] }, [['added[0]', '-', 'x']]],
    ['null to a value', { channel: null }, { channel: 'Ops' }, [['channel', 'null', 'Ops']]],
    ['a long value is cut', { v: 'x'.repeat(200) }, { v: 'y' }, [['v', `${'x'.repeat(79)}…`, 'y']]],
  ])('%s', (_what, before, after, expected) => {
    expect(fieldChanges(before, after).map((c) => [c.path, c.before, c.after])).toEqual(expected);
  });
});

describe('a checked permission in the permission report', () => {
  const fix = 'add it and press "Grant admin consent"';
  test.each([
    [{ state: 'granted', detail: 'either lets Graph answer' }, 'granted', 'success', 'either lets Graph answer'],
    [{ state: 'missing', fix }, 'missing', 'danger', fix],
    [{ state: 'unverified', detail: 'shows at the first presence write' }, 'not verified', 'warning', 'shows at the first presence write'],
    [{ state: 'missing', optional: true, fix }, 'optional, not granted', 'informative', ''],
  ] as const)('%o shows as %s (%s) with %s', (p, label, color, note) => {
    expect(permissionBadge(p)).toEqual({ label, color });
    expect(permissionNote(p)).toBe(note);
  });
});
