import { aggregatePresence, isManualOnly, outranks, preferredPairFor } from '../../../src/sync/decision/aggregation';
import { judgeVersion } from '../../../src/sync/decision/versions';
import { formatPresence, parsePresence } from '../../../src/sync/decision/presence';
import { p } from '../support/events';

describe('Graph aggregation', () => {
  test.each([
    [null, ['Available/Available', 'Busy/InACall'], 'Busy/InACall'],
    [null, ['DoNotDisturb/Presenting', 'Busy/InACall'], 'DoNotDisturb/Presenting'],
    [null, ['Away/Away', 'Available/Available'], 'Available/Available'],
    ['Away/Away', ['Busy/InACall'], 'Away/Away'], // preferred beats every session
    ['Busy/Busy', [], 'Offline/Offline'], // preferred only shows while a session exists
    [null, [], 'Offline/Offline'],
  ])('preferred %s with sessions %j shows %s', (preferred, sessions, shown) => {
    expect(formatPresence(aggregatePresence(preferred ? p(preferred) : null, sessions.map(p)))).toBe(shown);
  });

  test.each([
    ['DoNotDisturb/DoNotDisturb', 'Busy/InACall', true],
    ['BeRightBack/BeRightBack', 'Busy/InACall', true],
    ['Offline/OffWork', 'DoNotDisturb/Presenting', true],
    ['Busy/Busy', 'Busy/InACall', false],
    ['Available/Available', 'Away/Away', true],
    ['Away/Away', 'Busy/InACall', false],
    ['Busy/InACall', 'Busy/InACall', false],
  ])('%s outranks %s: %s', (own, ours, expected) => {
    expect(outranks(p(own), p(ours))).toBe(expected);
  });

  test.each([
    ['Busy/InACall', 'Busy/Busy'],
    ['DoNotDisturb/Presenting', 'DoNotDisturb/DoNotDisturb'],
    ['Available/Available', 'Available/Available'],
    ['Away/Away', 'Away/Away'],
    ['BeRightBack/BeRightBack', 'BeRightBack/BeRightBack'],
    ['Offline/Offline', 'Offline/OffWork'],
  ])('force policy writes %s as the preferred pair %s', (session, preferred) => {
    expect(formatPresence(preferredPairFor(p(session)))).toBe(preferred);
  });

  test('manual-only states', () => {
    expect(isManualOnly(p('BeRightBack/BeRightBack'))).toBe(true);
    expect(isManualOnly(p('Offline/Offline'))).toBe(false);
  });
});

describe('presence text and versions', () => {
  test.each([['Busy'], ['Busy/InACall/x'], ['Bsy/InACall'], ['Busy/Nope']])('"%s" is not a presence', (text) => {
    expect(parsePresence(text)).toBeUndefined();
  });
  test('unknown and none print plainly', () => {
    expect(formatPresence(undefined)).toBe('unknown');
    expect(formatPresence(null)).toBe('none');
  });
  test.each([
    ['2', '10', 'line', 'stale'],
    ['2', '10', 'teams', 'newer'],
    ['abc', 'abd', 'line', 'stale'],
    ['5', undefined, 'teams', 'newer'],
  ] as const)('version %s against %s (%s) is %s', (incoming, known, kind, verdict) => {
    expect(judgeVersion({ version: incoming, kind }, known === undefined ? undefined : { version: known, at: 1_000 }, 1_000)).toBe(verdict);
  });
});
