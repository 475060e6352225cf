import { mapLineToTeams, mapTeamsToRouting } from '../../../src/sync/decision/map';
import { parsePolicy } from '../../../src/sync/decision/policy';
import { PRESET_NAMES, PRESETS, presetPolicy } from '../../../src/sync/decision/presets';
import { formatTeamsTarget } from '../../../src/sync/decision/rules';
import { LINE_STATES, type LineState } from '../../../src/sync/states';
import { UnknownPresetError } from '../../../src/sync/errors';
import { p } from '../support/events';

type TeamsRow = [presence: string, routing: string];
type LineRow = [line: LineState, teams: string];

/** reference-behaviours.md, row by row (Daktela device states online/busy/offline = available/busy/unavailable). */
const TEAMS_TO_PBX: Record<string, TeamsRow[]> = {
  daktela: [
    ['Available/Available', 'available'],
    ['Busy/Busy', 'unavailable'],
    ['DoNotDisturb/DoNotDisturb', 'unavailable'],
    ['DoNotDisturb/Presenting', 'unavailable'],
    ['BeRightBack/BeRightBack', 'unavailable'],
    ['Away/Away', 'available'],
    ['Busy/InACall', 'busy'],
    ['Busy/InAConferenceCall', 'busy'],
    ['Busy/InAMeeting', 'busy'],
    ['Offline/OffWork', 'unavailable'],
    ['Offline/Offline', 'unavailable'],
  ],
  procall: [
    ['DoNotDisturb/DoNotDisturb', 'dnd'],
    ['DoNotDisturb/Presenting', 'dnd'],
    ['Busy/InACall', 'busy'],
    ['Available/Available', 'noChange'],
    ['Busy/Busy', 'noChange'],
    ['Busy/InAMeeting', 'noChange'],
    ['BeRightBack/BeRightBack', 'noChange'],
    ['Away/Away', 'noChange'],
    ['Offline/OffWork', 'noChange'],
  ],
  telia: [
    ['Available/Available', 'available'],
    ['Busy/InAMeeting', 'busy'],
    ['DoNotDisturb/DoNotDisturb', 'dnd'],
    ['BeRightBack/BeRightBack', 'away'],
    ['Away/Away', 'away'],
    ['Offline/OffWork', 'unavailable'],
  ],
  nfon: [
    ['Available/Available', 'available'],
    ['Busy/InACall', 'busy'],
    ['DoNotDisturb/Presenting', 'dnd'],
    ['Away/Away', 'away'],
  ],
  swyx: [
    ['Available/Available', 'available'],
    ['Busy/Busy', 'busy'],
    ['DoNotDisturb/DoNotDisturb', 'dnd'],
    ['BeRightBack/BeRightBack', 'away'],
    ['Offline/Offline', 'unavailable'],
  ],
  default: [
    ['Available/Available', 'available'],
    ['AvailableIdle/Available', 'available'],
    ['Busy/InACall', 'busy'],
    ['Busy/InAMeeting', 'busy'],
    ['DoNotDisturb/Presenting', 'dnd'],
    ['Away/Away', 'available'],
    ['BeRightBack/BeRightBack', 'away'],
    ['Away/OutOfOffice', 'unavailable'],
    ['Offline/OffWork', 'unavailable'],
    ['Offline/Offline', 'available'],
    ['PresenceUnknown/PresenceUnknown', 'noChange'],
  ],
};

const CALLS_ONLY: LineRow[] = [
  ['idle', 'clear'],
  ['ringing', 'noChange'],
  ['onCall', 'Busy/InACall'],
  ['held', 'Busy/InACall'],
  ['conference', 'Busy/InACall'], // no conference row: as onCall
  ['dnd', 'noChange'],
  ['offline', 'noChange'],
];

const PBX_TO_TEAMS: Record<string, LineRow[]> = {
  daktela: LINE_STATES.map((l) => [l, 'noChange']), // one way
  // manual PBX changes (dnd) are not pushed; a conference -> Busy/InAConferenceCall
  procall: CALLS_ONLY.map(([line, teams]) => [line, line === 'conference' ? 'Busy/InAConferenceCall' : teams]),
  telia: CALLS_ONLY,
  nfon: CALLS_ONLY,
  swyx: CALLS_ONLY, // "Speaking" -> In a call
  default: [
    ['idle', 'clear'],
    ['ringing', 'noChange'],
    ['onCall', 'Busy/InACall'],
    ['held', 'Busy/InACall'],
    ['conference', 'Busy/InAConferenceCall'],
    ['dnd', 'DoNotDisturb/Presenting'],
    ['offline', 'noChange'],
  ],
};

describe.each(PRESET_NAMES.map((n) => [n]))('preset %s', (name) => {
  const policy = presetPolicy(name);

  test.each(TEAMS_TO_PBX[name])('Teams %s -> routing %s', (presence, routing) => {
    expect(mapTeamsToRouting(policy, p(presence)).outcome).toBe(routing);
  });

  test.each(PBX_TO_TEAMS[name])('line %s -> Teams %s', (line, teams) => {
    expect(formatTeamsTarget(mapLineToTeams(policy, line).outcome)).toBe(teams);
  });

  test('round-trips through parsePolicy unchanged', () => {
    const r = parsePolicy(JSON.stringify(policy));
    expect(r.ok && r.policy).toEqual(policy);
  });

  test("never forces over the user's own status", () => {
    expect(policy.pbxToTeams.forcePreferred).toBe(false);
  });
});

describe('preset settings', () => {
  test('Daktela is one way', () => {
    expect(presetPolicy('daktela').pbxToTeams.enabled).toBe(false);
    expect(presetPolicy('daktela').teamsToPbx.enabled).toBe(true);
  });
  test('Telia only replaces Available or Busy', () => {
    expect(presetPolicy('telia').pbxToTeams.replaceOnlyWhen).toEqual(['Available', 'Busy']);
  });
  test('ProCall pushes calls only and releases its PBX overlay when Teams leaves DND or a call', () => {
    expect(presetPolicy('procall').pbxToTeams.pushManualPbxStates).toBe(false);
    expect(presetPolicy('procall').teamsToPbx.releaseTo).toBe('available');
  });
  test('every preset has a description for the admin', () => {
    for (const preset of Object.values(PRESETS)) expect(preset.description.length).toBeGreaterThan(20);
  });
  test('an unknown preset name throws an error listing the known ones', () => {
    expect(() => presetPolicy('avaya')).toThrow(UnknownPresetError);
    expect(() => presetPolicy('avaya')).toThrow(/default, daktela, procall, telia, nfon, swyx/);
  });
});
