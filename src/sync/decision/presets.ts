/**
 * Named policies. Five reproduce a vendor's documented behaviour (facts/reference-behaviours.md) exactly
 * where the vendor documents it; where the vendor is silent the assumption is written beside the row.
 * `default` is our own recommendation for a real company.
 *
 * Vocabulary: routing available/busy/dnd/away/unavailable is what we tell the PBX; Daktela's device states
 * online/busy/offline are our available/busy/unavailable.
 */
import { frozenCopy } from './freeze';
import { PRESET_NAMES, type PresetName, type SyncPolicy } from './sync-policy';
import type { PbxToTeamsRule, TeamsTarget, TeamsToPbxRule } from './rules';
import type { Activity, Availability, LineState, RoutingState } from '../states';
import { UnknownPresetError } from '../errors';

export { PRESET_NAMES, type PresetName } from './sync-policy';

export interface Preset {
  name: PresetName;
  title: string;
  /** One paragraph for the admin: what this preset does and what it leaves alone. */
  description: string;
  policy: SyncPolicy;
}

const t = (availability: Availability | '*', activity: Activity | '*', routing: RoutingState | 'noChange'): TeamsToPbxRule => ({
  availability,
  activity,
  routing,
});
const l = (line: LineState, teams: TeamsTarget): PbxToTeamsRule => ({ line, teams });
const IN_A_CALL = { availability: 'Busy', activity: 'InACall' } as const;
const IN_A_CONFERENCE = { availability: 'Busy', activity: 'InAConferenceCall' } as const;
const PRESENTING_DND = { availability: 'DoNotDisturb', activity: 'Presenting' } as const;

/**
 * Calls only: what Telia, Swyx (and our NFON assumption) push to Teams. No conference row: a conference shows
 * as onCall does (map.ts), Busy/InACall, the only call status those vendors document.
 */
const CALLS_ONLY_TO_TEAMS: PbxToTeamsRule[] = [
  l('idle', 'clear'),
  l('ringing', 'noChange'), // not documented by any vendor: a ringing phone is not yet a call
  l('onCall', IN_A_CALL),
  l('held', IN_A_CALL), // a held call is still a call in progress
  l('dnd', 'noChange'),
  l('offline', 'noChange'),
];

/**
 * Every Teams state forwarded as the nearest routing state. Telia, NFON and Swyx document that Teams status
 * reaches the PBX but publish no table; this is our assumption of "forwarded as is".
 */
const FORWARD_TO_PBX: TeamsToPbxRule[] = [
  t('Available', '*', 'available'),
  t('AvailableIdle', '*', 'available'),
  t('Busy', '*', 'busy'),
  t('BusyIdle', '*', 'busy'),
  t('DoNotDisturb', '*', 'dnd'),
  t('BeRightBack', '*', 'away'),
  t('Away', '*', 'away'),
  t('Offline', '*', 'unavailable'),
  t('PresenceUnknown', '*', 'noChange'),
];

const BASE = { debounceMs: 2000, echoWindowMs: 15000 } as const;

const DEFAULT: SyncPolicy = {
  preset: 'default',
  teamsToPbx: {
    enabled: true,
    rules: [
      t('Available', '*', 'available'),
      t('AvailableIdle', '*', 'available'),
      t('Busy', '*', 'busy'), // in a call, in a meeting, manual busy: the PBX routes as busy (queue, voicemail)
      t('BusyIdle', '*', 'busy'),
      t('DoNotDisturb', '*', 'dnd'),
      // Away is mostly Teams noticing an idle PC: the person may well be at the desk phone. Dropping their
      // calls would lose calls; an unanswered call still reaches voicemail. So Away keeps routing available.
      t('Away', '*', 'available'),
      // BeRightBack is set by hand: "away" lets the PBX apply its own away handling (shorter ring, deputy).
      t('BeRightBack', '*', 'away'),
      // Out of office with Teams idle or closed: route like the person is not there.
      t('Away', 'OutOfOffice', 'unavailable'),
      t('Offline', 'OutOfOffice', 'unavailable'),
      // Appear offline / off work is the person saying so.
      t('Offline', 'OffWork', 'unavailable'),
      // Teams closed or signed out says nothing about the desk phone (many people never start Teams):
      // keep calls flowing, the PBX's own night service handles out-of-hours.
      t('Offline', '*', 'available'),
      t('PresenceUnknown', '*', 'noChange'),
      t('*', '*', 'noChange'),
    ],
    releaseTo: null,
  },
  pbxToTeams: {
    enabled: true,
    rules: [
      l('idle', 'clear'),
      l('ringing', 'noChange'), // seconds long: two Graph writes per call for nothing
      l('onCall', IN_A_CALL),
      l('held', IN_A_CALL),
      l('conference', IN_A_CONFERENCE),
      // DoNotDisturb/Presenting is the only DND pair a session can carry; Teams shows it as DND (Presenting).
      l('dnd', PRESENTING_DND),
      // An unregistered phone (laptop softphone closed) says nothing about the person.
      l('offline', 'noChange'),
    ],
    replaceOnlyWhen: null,
    pushManualPbxStates: true,
    forcePreferred: false,
  },
  ...BASE,
};

const DAKTELA: SyncPolicy = {
  preset: 'daktela',
  teamsToPbx: {
    enabled: true,
    rules: [
      t('Available', '*', 'available'), // online
      t('Away', '*', 'available'), // Away incl. appear away -> online: inactivity must not drop calls
      t('Busy', '*', 'unavailable'), // Busy -> offline
      t('Busy', 'InACall', 'busy'), // in a call -> busy
      t('Busy', 'InAConferenceCall', 'busy'), // a conference call is "in a call"
      t('Busy', 'InAMeeting', 'busy'), // in a meeting -> busy
      t('DoNotDisturb', '*', 'unavailable'), // DoNotDisturb -> offline
      t('BeRightBack', '*', 'unavailable'), // BeRightBack -> offline
      t('Offline', '*', 'unavailable'), // appear offline (Offline) -> offline
      // Assumption (not in Daktela's table): the idle variants behave like their base availability.
      t('AvailableIdle', '*', 'available'),
      t('BusyIdle', '*', 'unavailable'),
      t('BusyIdle', 'InACall', 'busy'),
      t('BusyIdle', 'InAConferenceCall', 'busy'),
      t('BusyIdle', 'InAMeeting', 'busy'),
      // Unknown presence: leave the device as it is ("with the integration disabled it stays online").
      t('PresenceUnknown', '*', 'noChange'),
      t('*', '*', 'noChange'),
    ],
    releaseTo: null,
  },
  // Daktela is one way: device state never reaches Teams.
  pbxToTeams: { enabled: false, rules: [], replaceOnlyWhen: null, pushManualPbxStates: false, forcePreferred: false },
  ...BASE,
};

const PROCALL: SyncPolicy = {
  preset: 'procall',
  teamsToPbx: {
    enabled: true,
    rules: [
      t('DoNotDisturb', 'DoNotDisturb', 'dnd'),
      t('DoNotDisturb', 'Presenting', 'dnd'), // screen sharing
      t('Busy', 'InACall', 'busy'), // a Teams call or a joined Teams meeting
      // Everything else (Available, Busy/Busy, Busy/InAMeeting, BeRightBack, Away, Offline/OffWork) is
      // information only in ProCall: no change.
      t('*', '*', 'noChange'),
    ],
    // ProCall's DND/busy from Teams last only while Teams shows them: once Teams leaves them (a noChange
    // row), the PBX goes back to available. Without this the PBX would stay busy after every Teams call.
    releaseTo: 'available',
  },
  pbxToTeams: {
    enabled: true,
    // A phone call -> Busy/InACall; a conference -> Busy/InAConferenceCall (for PBXs that report conferences).
    rules: [...CALLS_ONLY_TO_TEAMS, l('conference', IN_A_CONFERENCE)],
    replaceOnlyWhen: null,
    pushManualPbxStates: false, // manual status changes on the PBX are not pushed
    forcePreferred: false, // never overwrites a manual Teams status
  },
  ...BASE,
};

const TELIA: SyncPolicy = {
  preset: 'telia',
  teamsToPbx: { enabled: true, rules: FORWARD_TO_PBX, releaseTo: null },
  pbxToTeams: {
    enabled: true, // Telia's "push line status to Teams" switch; turn off for Teams -> switchboard only
    rules: CALLS_ONLY_TO_TEAMS, // the call status replaces the Teams status
    replaceOnlyWhen: ['Available', 'Busy'], // DND, BRB, appear away, appear offline, ... are left alone
    pushManualPbxStates: false,
    forcePreferred: false,
  },
  // Telia documents up to a minute of delay; a short debounce costs nothing against that.
  ...BASE,
};

const NFON: SyncPolicy = {
  preset: 'nfon',
  // Assumption: NFON documents two-way sync but no mapping. Nearest documented behaviour: Teams status
  // forwarded as is (like Telia/Swyx), calls only towards Teams (like ProCall/Swyx), no manual override.
  teamsToPbx: { enabled: true, rules: FORWARD_TO_PBX, releaseTo: null },
  pbxToTeams: { enabled: true, rules: CALLS_ONLY_TO_TEAMS, replaceOnlyWhen: null, pushManualPbxStates: false, forcePreferred: false },
  ...BASE,
};

const SWYX: SyncPolicy = {
  preset: 'swyx',
  // Teams status is forwarded to the PBX (which merges it with its own status): forwarded as is (assumed
  // mapping, Swyx publishes none). PBX "Speaking" (on a call on any device) -> Teams "In a call";
  // Swyx documents nothing else going to Teams, so DND/offline on the PBX are not pushed.
  teamsToPbx: { enabled: true, rules: FORWARD_TO_PBX, releaseTo: null },
  pbxToTeams: { enabled: true, rules: CALLS_ONLY_TO_TEAMS, replaceOnlyWhen: null, pushManualPbxStates: false, forcePreferred: false },
  // Swyx shows Teams changes on the PBX within about 3 s: keep the debounce well under that.
  debounceMs: 1000,
  echoWindowMs: BASE.echoWindowMs,
};

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  default: {
    name: 'default',
    title: 'Recommended',
    description:
      "Both directions. Teams Busy -> busy, DoNotDisturb -> dnd, BeRightBack -> away; Away and a closed Teams keep calls flowing. PBX calls show as Busy/InACall, desk-phone DND as DoNotDisturb; the user's own Teams status is never overwritten.",
    policy: frozenCopy(DEFAULT),
  },
  daktela: {
    name: 'daktela',
    title: 'Daktela (one way, Teams -> device state)',
    description:
      'Teams -> PBX only. Available and Away -> online; in a call or meeting -> busy; Busy, DoNotDisturb, BeRightBack, Offline -> offline.',
    policy: frozenCopy(DAKTELA),
  },
  procall: {
    name: 'procall',
    title: 'estos ProCall Enterprise',
    description:
      'Teams DND (incl. presenting) -> dnd and Teams calls -> busy, nothing else. PBX calls -> Busy/InACall; manual PBX states are not pushed; manual Teams status is never overwritten.',
    policy: frozenCopy(PROCALL),
  },
  telia: {
    name: 'telia',
    title: 'Telia Switchboard',
    description:
      'Teams status to the switchboard for every mapped user; line status to Teams only replaces a Teams status of Available or Busy.',
    policy: frozenCopy(TELIA),
  },
  nfon: {
    name: 'nfon',
    title: 'NFON Cloudya',
    description: 'Two way: Teams status forwarded to the PBX, PBX calls shown as Busy/InACall (mapping assumed, NFON publishes none).',
    policy: frozenCopy(NFON),
  },
  swyx: {
    name: 'swyx',
    title: 'SwyxWare',
    description: 'Two way: Teams status forwarded and merged on the PBX; PBX "Speaking" sets Teams "In a call".',
    policy: frozenCopy(SWYX),
  },
});

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** The frozen policy of a preset. Throws UnknownPresetError naming the presets that exist. */
export function presetPolicy(name: string): SyncPolicy {
  if (!isPresetName(name)) throw new UnknownPresetError(name, PRESET_NAMES);
  return PRESETS[name].policy;
}
