/**
 * What /work/shared/facts/reference-behaviours.md documents, written down by hand as test expectations.
 * Deliberately NOT derived from src/sync/decision/presets.ts: these tables are the yardstick a preset is held to.
 *
 * Vocabulary: our routing states are available/busy/dnd/away/unavailable. Daktela's device states map as
 * online -> available, busy -> busy, offline -> unavailable. 'noChange' means the PBX keeps what it had.
 * Where a vendor documents only that Teams status is "forwarded", we hold the preset to the states whose
 * name exists on both sides (Available, Busy, DoNotDisturb, Away), and to nothing else.
 */
import type { PresetName } from '../../../src/sync/decision/presets';
import type { Activity, Availability, RoutingState } from '../../../src/sync/states';

export interface TeamsToPbxRow {
  /** The state as the doc names it. */
  documented: string;
  availability: Availability;
  activity: Activity;
  pbx: RoutingState | 'noChange';
  /** Set by the user in Teams ("appear away"): Graph's preferred presence, not a session. */
  byHand?: boolean;
}

const row = (
  documented: string,
  availability: Availability,
  activity: Activity,
  pbx: RoutingState | 'noChange',
  byHand?: 'byHand',
): TeamsToPbxRow => ({
  documented,
  availability,
  activity,
  pbx,
  ...(byHand && { byHand: true }),
});

/** Forwarded "as is": Telia ("Teams -> switchboard presence"), NFON ("two way"), Swyx ("forwarded to the PBX"). */
const FORWARDED: TeamsToPbxRow[] = [
  row('Available', 'Available', 'Available', 'available'),
  row('Busy', 'Busy', 'Busy', 'busy'),
  row('in a Teams call (Busy)', 'Busy', 'InACall', 'busy'),
  row('DoNotDisturb', 'DoNotDisturb', 'DoNotDisturb', 'dnd'),
  row('Away', 'Away', 'Away', 'away'),
];

export const TEAMS_TO_PBX: Record<PresetName, TeamsToPbxRow[]> = {
  // No vendor stands behind `default`: its promise is the description shown to the admin ("Teams Busy -> busy,
  // DoNotDisturb -> dnd, BeRightBack -> away; Away and a closed Teams keep calls flowing"), plus Daktela's
  // documented reason that inactivity must not drop calls.
  default: [
    row('Available', 'Available', 'Available', 'available'),
    row('Busy', 'Busy', 'Busy', 'busy'),
    row('in a call', 'Busy', 'InACall', 'busy'),
    row('in a meeting', 'Busy', 'InAMeeting', 'busy'),
    row('DoNotDisturb', 'DoNotDisturb', 'DoNotDisturb', 'dnd'),
    row('BeRightBack', 'BeRightBack', 'BeRightBack', 'away'),
    row('Away (inactivity must not drop calls)', 'Away', 'Away', 'available'),
    row('Teams closed', 'Offline', 'Offline', 'available'),
  ],
  daktela: [
    row('Available -> online', 'Available', 'Available', 'available'),
    row('Busy -> offline', 'Busy', 'Busy', 'unavailable'),
    row('DoNotDisturb -> offline', 'DoNotDisturb', 'DoNotDisturb', 'unavailable'),
    row('BeRightBack -> offline', 'BeRightBack', 'BeRightBack', 'unavailable'),
    row('Away -> online', 'Away', 'Away', 'available'),
    row('appear away -> online', 'Away', 'Away', 'available', 'byHand'),
    row('in a call -> busy', 'Busy', 'InACall', 'busy'),
    row('in a meeting -> busy', 'Busy', 'InAMeeting', 'busy'),
    row('appear offline (Offline) -> offline', 'Offline', 'OffWork', 'unavailable'),
  ],
  procall: [
    row('DoNotDisturb/DoNotDisturb -> DND', 'DoNotDisturb', 'DoNotDisturb', 'dnd'),
    row('DoNotDisturb/Presenting (screen sharing) -> DND', 'DoNotDisturb', 'Presenting', 'dnd'),
    row('Busy/InACall -> busy, in a call', 'Busy', 'InACall', 'busy'),
    row('Available -> no change', 'Available', 'Available', 'noChange'),
    row('Busy/Busy (manual busy) -> no change', 'Busy', 'Busy', 'noChange'),
    row('Busy/InAMeeting -> no change', 'Busy', 'InAMeeting', 'noChange'),
    row('BeRightBack -> no change', 'BeRightBack', 'BeRightBack', 'noChange'),
    row('Away -> no change', 'Away', 'Away', 'noChange'),
    row('Offline/OffWork -> no change', 'Offline', 'OffWork', 'noChange'),
  ],
  telia: FORWARDED,
  nfon: FORWARDED,
  swyx: FORWARDED,
};

/** What Teams shows during a PBX call (`undefined`: the doc says nothing reaches Teams). */
export interface PbxToTeamsExpectation {
  /** Teams while the line is on a call, for a user whose own client shows Available. */
  onCall?: { availability: Availability; activity?: Activity };
  /** Teams while the line is in a conference call. */
  conference?: { availability: Availability; activity?: Activity };
  /** Manual DND set on the phone. 'unchanged': not pushed. */
  phoneDnd?: { availability: Availability; activity?: Activity } | 'unchanged';
  /** Own Teams states the call status replaces (documented only by Telia). */
  replaces?: { availability: Availability; activity: Activity }[];
  /** Own Teams states that the call must leave alone. */
  leftAlone: { availability: Availability; activity: Activity }[];
}

export const PBX_TO_TEAMS: Record<PresetName, PbxToTeamsExpectation | undefined> = {
  // The default preset's own promise: calls show as Busy/InACall, desk-phone DND as DoNotDisturb, and the
  // user's own Teams status is never overwritten.
  default: {
    onCall: { availability: 'Busy', activity: 'InACall' },
    conference: { availability: 'Busy', activity: 'InAConferenceCall' },
    phoneDnd: { availability: 'DoNotDisturb' },
    leftAlone: [{ availability: 'DoNotDisturb', activity: 'DoNotDisturb' }],
  },
  // Daktela is one way: Teams -> PBX only.
  daktela: undefined,
  // A phone call -> Busy/InACall; a conference -> Busy/InAConferenceCall; manual status changes on the PBX side
  // are not pushed; never overwrites a manual Teams status.
  procall: {
    onCall: { availability: 'Busy', activity: 'InACall' },
    conference: { availability: 'Busy', activity: 'InAConferenceCall' },
    phoneDnd: 'unchanged',
    leftAlone: [{ availability: 'DoNotDisturb', activity: 'DoNotDisturb' }],
  },
  // Only a Teams status of Available or Busy is replaced by the call status; DND, BRB, appear away, appear offline are left alone.
  telia: {
    onCall: { availability: 'Busy', activity: 'InACall' },
    conference: { availability: 'Busy', activity: 'InACall' }, // the call status: Telia documents no other
    phoneDnd: 'unchanged', // only the call status is pushed; a phone's DND is not a call
    replaces: [
      { availability: 'Available', activity: 'Available' },
      { availability: 'Busy', activity: 'Busy' },
    ],
    leftAlone: [
      { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
      { availability: 'BeRightBack', activity: 'BeRightBack' },
      { availability: 'Away', activity: 'Away' },
      { availability: 'Offline', activity: 'OffWork' },
    ],
  },
  // NFON documents "two way" and nothing more: a call reaches Teams as busy; the user's own DND still wins (Graph's
  // aggregation); a phone's DND is not pushed (our calls-only assumption, as for Telia and Swyx).
  nfon: {
    onCall: { availability: 'Busy' },
    conference: { availability: 'Busy' },
    phoneDnd: 'unchanged',
    leftAlone: [{ availability: 'DoNotDisturb', activity: 'DoNotDisturb' }],
  },
  // PBX "Speaking" (on a call on any device) sets Teams "In a call".
  // A conference is "Speaking" too.
  // Only "Speaking" is documented to reach Teams: a phone's DND is not pushed.
  swyx: {
    onCall: { availability: 'Busy', activity: 'InACall' },
    conference: { availability: 'Busy', activity: 'InACall' },
    phoneDnd: 'unchanged',
    leftAlone: [{ availability: 'DoNotDisturb', activity: 'DoNotDisturb' }],
  },
};
