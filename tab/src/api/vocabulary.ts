/**
 * The words of both sides as the tab offers them in pickers. The tab may import only types from the service
 * (its bundle must not carry service code), so the lists are spelled out here; each is a Record over the
 * service's own union type, so the type check fails when the service adds, renames or drops a word.
 */
import type { Activity, Availability, LineState, RoutingState, TeamsPresence } from './types';

const wordsOf = <T extends string>(words: Record<T, true>): readonly T[] => Object.keys(words) as T[];

export const AVAILABILITIES = wordsOf<Availability>({
  Available: true,
  AvailableIdle: true,
  Away: true,
  BeRightBack: true,
  Busy: true,
  BusyIdle: true,
  DoNotDisturb: true,
  Offline: true,
  PresenceUnknown: true,
});

export const ACTIVITIES = wordsOf<Activity>({
  Available: true,
  Away: true,
  BeRightBack: true,
  Busy: true,
  DoNotDisturb: true,
  InACall: true,
  InAConferenceCall: true,
  Inactive: true,
  InAMeeting: true,
  Offline: true,
  OffWork: true,
  OutOfOffice: true,
  PresenceUnknown: true,
  Presenting: true,
  UrgentInterruptionsOnly: true,
});

export const LINE_STATES = wordsOf<LineState>({
  idle: true,
  ringing: true,
  onCall: true,
  held: true,
  conference: true,
  dnd: true,
  offline: true,
});

export const ROUTING_STATES = wordsOf<RoutingState>({ available: true, busy: true, dnd: true, away: true, unavailable: true });

/** The pairs Graph's setPresence accepts (Microsoft's setPresence reference): what a PBX -> Teams rule may set. */
export const SETTABLE_PRESENCES: readonly TeamsPresence[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'InACall' },
  { availability: 'Busy', activity: 'InAConferenceCall' },
  { availability: 'Away', activity: 'Away' },
  { availability: 'DoNotDisturb', activity: 'Presenting' },
];
