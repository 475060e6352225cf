import { mapLineToTeams, mapTeamsToRouting } from '../../../src/sync/decision/map';
import { parsePolicy, type SyncPolicy } from '../../../src/sync/decision/policy';
import { presetPolicy } from '../../../src/sync/decision/presets';
import { p } from '../support/events';

function policy(input: object): SyncPolicy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

describe('rule texts for `rules map`', () => {
  test('names the matched pattern, row and preset', () => {
    expect(mapTeamsToRouting(presetPolicy('daktela'), p('Busy/Busy'))).toEqual({
      outcome: 'unavailable',
      rule: 'Busy/* -> unavailable (row 2, preset daktela)',
      row: 2,
    });
    expect(mapLineToTeams(presetPolicy('procall'), 'onCall').rule).toBe('onCall -> Busy/InACall (row 2, preset procall)');
  });
  test('custom rules say so', () => {
    const custom = policy({ preset: 'custom', teamsToPbx: { rules: [{ availability: '*', activity: '*', routing: 'busy' }] } });
    expect(mapTeamsToRouting(custom, p('Away/Away')).rule).toBe('*/* -> busy (row 0, custom rules)');
  });
  test('no matching row is noChange', () => {
    const custom = policy({ teamsToPbx: { rules: [] }, pbxToTeams: { rules: [] } });
    expect(mapTeamsToRouting(custom, p('Away/Away'))).toEqual({
      outcome: 'noChange',
      rule: 'no rule matches Away/Away -> noChange (preset default)',
    });
    expect(mapLineToTeams(custom, 'onCall').outcome).toBe('noChange');
  });
  test('a conference without a row of its own maps as onCall, and says so', () => {
    const older = policy({ pbxToTeams: { rules: [{ line: 'onCall', teams: { availability: 'Busy', activity: 'InACall' } }] } });
    expect(mapLineToTeams(older, 'conference')).toEqual({
      outcome: { availability: 'Busy', activity: 'InACall' },
      rule: 'conference -> Busy/InACall (as onCall: row 0, preset default)',
      row: 0,
    });
    const own = policy({ pbxToTeams: { rules: [{ line: 'conference', teams: { availability: 'Busy', activity: 'InAConferenceCall' } }] } });
    expect(mapLineToTeams(own, 'conference').outcome).toEqual({ availability: 'Busy', activity: 'InAConferenceCall' });
    expect(mapLineToTeams(own, 'onCall').outcome).toBe('noChange');
  });
  test('a direction that is off maps to noChange', () => {
    expect(mapLineToTeams(presetPolicy('daktela'), 'onCall')).toEqual({
      outcome: 'noChange',
      rule: 'PBX -> Teams is off (preset daktela)',
    });
    const off = policy({ teamsToPbx: { enabled: false } });
    expect(mapTeamsToRouting(off, p('Busy/Busy')).outcome).toBe('noChange');
  });
  test('manual PBX states are not pushed when pushManualPbxStates is off, whatever the row says', () => {
    const r = mapLineToTeams(policy({ pbxToTeams: { pushManualPbxStates: false } }), 'dnd');
    expect(r.outcome).toBe('noChange');
    expect(r.rule).toContain('manual PBX states are not pushed');
  });
});
