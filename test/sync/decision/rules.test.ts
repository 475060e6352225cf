import { matchLineRule, matchTeamsRule, validateRuleTables, type TeamsToPbxRule } from '../../../src/sync/decision/rules';
import { SETTABLE_PRESENCES } from '../../../src/sync/states';
import { formatPresence } from '../../../src/sync/decision/presence';
import { p } from '../support/events';

const precedenceRules: TeamsToPbxRule[] = [
  { availability: '*', activity: '*', routing: 'noChange' },
  { availability: '*', activity: 'InACall', routing: 'busy' },
  { availability: 'Busy', activity: '*', routing: 'unavailable' },
  { availability: 'Busy', activity: 'InAMeeting', routing: 'away' },
];

describe('Teams -> PBX rule precedence', () => {
  test.each([
    ['Busy/InAMeeting', 'away', 'exact pair beats everything'],
    ['Busy/Busy', 'unavailable', 'exact availability with * activity'],
    ['Busy/InACall', 'unavailable', 'exact availability beats * availability with exact activity'],
    ['DoNotDisturb/InACall', 'busy', '* availability with exact activity beats the catch-all'],
    ['Available/Available', 'noChange', 'catch-all'],
  ])('%s -> %s (%s)', (presence, routing) => {
    expect(matchTeamsRule(precedenceRules, p(presence))?.rule.routing).toBe(routing);
  });

  test('row order does not matter', () => {
    const reversed = [...precedenceRules].reverse();
    expect(matchTeamsRule(reversed, p('Busy/InAMeeting'))?.rule.routing).toBe('away');
    expect(matchTeamsRule(reversed, p('Busy/InACall'))?.rule.routing).toBe('unavailable');
  });

  test('no matching row yields no match', () => {
    expect(matchTeamsRule([{ availability: 'Busy', activity: '*', routing: 'busy' }], p('Available/Available'))).toBeUndefined();
  });

  test('line rules match by line state', () => {
    expect(matchLineRule([{ line: 'onCall', teams: 'clear' }], 'onCall')?.index).toBe(0);
    expect(matchLineRule([{ line: 'onCall', teams: 'clear' }], 'idle')).toBeUndefined();
  });
});

describe('validateRuleTables', () => {
  test('accepts a valid table and the "Availability/Activity" shorthand', () => {
    const r = validateRuleTables({
      teamsToPbx: [{ availability: 'Busy', activity: '*', routing: 'busy' }],
      pbxToTeams: [
        { line: 'onCall', teams: 'Busy/InACall' },
        { line: 'idle', teams: 'clear' },
      ],
    });
    expect(r).toEqual({
      ok: true,
      rules: {
        teamsToPbx: [{ availability: 'Busy', activity: '*', routing: 'busy' }],
        pbxToTeams: [
          { line: 'onCall', teams: { availability: 'Busy', activity: 'InACall' } },
          { line: 'idle', teams: 'clear' },
        ],
      },
    });
  });

  test('a pair setPresence cannot set is rejected, naming the row and listing the settable pairs', () => {
    const r = validateRuleTables({
      teamsToPbx: [],
      pbxToTeams: [
        { line: 'idle', teams: 'clear' },
        { line: 'dnd', teams: { availability: 'DoNotDisturb', activity: 'DoNotDisturb' } },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('pbxToTeams[1].teams');
    expect(r.errors[0].message).toContain('row 1 (line dnd -> DoNotDisturb/DoNotDisturb)');
    for (const pair of SETTABLE_PRESENCES) expect(r.errors[0].message).toContain(formatPresence(pair));
  });

  test.each([
    [
      {
        teamsToPbx: [
          { availability: 'Busy', activity: '*', routing: 'busy' },
          {},
          {},
          { availability: 'Busy', activity: 'Busy', routing: 'ringing' },
        ],
        pbxToTeams: [],
      },
      'teamsToPbx[3].routing',
      'not a valid routing state',
    ],
    [
      { teamsToPbx: [{ availability: 'Bussy', activity: '*', routing: 'busy' }], pbxToTeams: [] },
      'teamsToPbx[0].availability',
      '"Bussy" is not a valid availability',
    ],
    [{ teamsToPbx: [], pbxToTeams: [{ line: 'talking', teams: 'clear' }] }, 'pbxToTeams[0].line', 'not a valid line state'],
    [{ teamsToPbx: [], pbxToTeams: [{ line: 'idle', teams: 'off' }] }, 'pbxToTeams[0].teams', 'not a Teams target'],
    [
      {
        teamsToPbx: [
          { availability: 'Busy', activity: '*', routing: 'busy' },
          { availability: 'Busy', activity: '*', routing: 'dnd' },
        ],
        pbxToTeams: [],
      },
      'teamsToPbx[1]',
      'repeats row 0',
    ],
    [
      {
        teamsToPbx: [],
        pbxToTeams: [
          { line: 'idle', teams: 'clear' },
          { line: 'idle', teams: 'noChange' },
        ],
      },
      'pbxToTeams[1].line',
      'repeats row 0',
    ],
    [
      { teamsToPbx: [{ availability: 'Busy', activity: '*', routing: 'busy', note: 'x' }], pbxToTeams: [] },
      'teamsToPbx[0]',
      'Unrecognized key',
    ],
  ])('invalid input is reported at %#', (input, path, message) => {
    const r = validateRuleTables(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.path === path);
    expect(hit?.message).toContain(message);
  });
});
