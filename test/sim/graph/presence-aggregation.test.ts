import { aggregatePresence, type PreferredPresence, type PresenceSession } from '../../../src/sim/graph/presence-aggregation';

const MIN = 60_000;
const T0 = 1_000_000;

function session(sessionId: string, availability: string, activity: string, extra: Partial<PresenceSession> = {}): PresenceSession {
  return { sessionId, availability, activity, setAt: T0, expiresAt: T0 + 60 * MIN, decays: true, ...extra } as PresenceSession;
}
const client = (availability: string, activity: string) =>
  session('teams-client', availability, activity, { expiresAt: undefined, decays: false });
const preferred = (availability: string, activity: string, expiresAt = T0 + 24 * 60 * MIN) =>
  ({ availability, activity, expiresAt }) as PreferredPresence;

describe('aggregatePresence', () => {
  test.each([
    ['no session at all is Offline', [], undefined, 0, 'Offline/Offline'],
    ['one app session shows as set', [session('app', 'Busy', 'InACall')], undefined, 0, 'Busy/InACall'],
    [
      'DoNotDisturb beats Busy',
      [session('a', 'Busy', 'InACall'), session('b', 'DoNotDisturb', 'Presenting')],
      undefined,
      0,
      'DoNotDisturb/Presenting',
    ],
    [
      'Busy beats Available',
      [session('a', 'Available', 'Available'), session('b', 'Busy', 'InAConferenceCall')],
      undefined,
      0,
      'Busy/InAConferenceCall',
    ],
    ['Available beats Away', [session('a', 'Away', 'Away'), session('b', 'Available', 'Available')], undefined, 0, 'Available/Available'],
    [
      'client Available plus our Busy session is Busy',
      [client('Available', 'Available'), session('app', 'Busy', 'InACall')],
      undefined,
      0,
      'Busy/InACall',
    ],
    [
      'client in a meeting beats our Available session',
      [client('Busy', 'InAMeeting'), session('app', 'Available', 'Available')],
      undefined,
      0,
      'Busy/InAMeeting',
    ],
    [
      'preferred beats every session, even DoNotDisturb',
      [session('app', 'DoNotDisturb', 'Presenting')],
      preferred('Available', 'Available'),
      0,
      'Available/Available',
    ],
    ['preferred shows only while some session exists', [], preferred('Busy', 'Busy'), 0, 'Offline/Offline'],
    ['preferred Offline/OffWork shows as such', [client('Available', 'Available')], preferred('Offline', 'OffWork'), 0, 'Offline/OffWork'],
    [
      'an expired preferred no longer counts',
      [session('app', 'Busy', 'InACall')],
      preferred('Available', 'Available', T0 + MIN),
      2 * MIN,
      'Busy/InACall',
    ],
    [
      'a session lapses at its expiry: the only one gone is Offline',
      [session('app', 'Busy', 'InACall', { expiresAt: T0 + 5 * MIN })],
      undefined,
      5 * MIN,
      'Offline/Offline',
    ],
    [
      'a lapsed session leaves the others',
      [client('Away', 'Away'), session('app', 'Busy', 'InACall', { expiresAt: T0 + 5 * MIN })],
      undefined,
      5 * MIN,
      'Away/Away',
    ],
    [
      'Available stays Available just under 5 minutes',
      [session('app', 'Available', 'Available')],
      undefined,
      5 * MIN - 1,
      'Available/Available',
    ],
    [
      'Available decays to AvailableIdle after 5 minutes',
      [session('app', 'Available', 'Available')],
      undefined,
      5 * MIN,
      'AvailableIdle/Inactive',
    ],
    ['and to Away after 5 more', [session('app', 'Available', 'Available')], undefined, 10 * MIN, 'Away/Away'],
    ['Busy does not decay', [session('app', 'Busy', 'InACall')], undefined, 30 * MIN, 'Busy/InACall'],
    ['the Teams client does not decay', [client('Available', 'Available')], undefined, 30 * MIN, 'Available/Available'],
    [
      'a decayed session loses to the client being Available',
      [session('app', 'Available', 'Available'), client('Available', 'Available')],
      undefined,
      6 * MIN,
      'Available/Available',
    ],
  ])('%s', (_name, sessions, pref, after, expected) => {
    const p = aggregatePresence(sessions as PresenceSession[], pref as PreferredPresence | undefined, T0 + (after as number));
    expect(`${p.availability}/${p.activity}`).toBe(expected);
  });

  test('ties go to the most recently set session', () => {
    const older = session('a', 'Busy', 'InAConferenceCall', { setAt: T0 });
    const newer = session('b', 'Busy', 'InACall', { setAt: T0 + 1 });
    expect(aggregatePresence([newer, older], undefined, T0 + 2)).toEqual({ availability: 'Busy', activity: 'InACall' });
  });
});
