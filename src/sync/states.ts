/**
 * The vocabulary of both sides. Teams values are Microsoft Graph's own strings; telephony values are ours,
 * one shape for every connector.
 */

export const AVAILABILITIES = [
  'Available',
  'AvailableIdle',
  'Away',
  'BeRightBack',
  'Busy',
  'BusyIdle',
  'DoNotDisturb',
  'Offline',
  'PresenceUnknown',
] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const ACTIVITIES = [
  'Available',
  'Away',
  'BeRightBack',
  'Busy',
  'DoNotDisturb',
  'InACall',
  'InAConferenceCall',
  'Inactive',
  'InAMeeting',
  'Offline',
  'OffWork',
  'OutOfOffice',
  'PresenceUnknown',
  'Presenting',
  'UrgentInterruptionsOnly',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** A Teams presence as Graph reports it. */
export interface TeamsPresence {
  availability: Availability;
  activity: Activity;
}

/** The only availability/activity pairs Graph's setPresence accepts. */
export const SETTABLE_PRESENCES: readonly TeamsPresence[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'InACall' },
  { availability: 'Busy', activity: 'InAConferenceCall' },
  { availability: 'Away', activity: 'Away' },
  { availability: 'DoNotDisturb', activity: 'Presenting' },
];

export function isSettablePresence(p: TeamsPresence): boolean {
  return SETTABLE_PRESENCES.some((s) => s.availability === p.availability && s.activity === p.activity);
}

/** What a PBX line is doing, per extension. `conference`: in a conference call (for PBXs that report it). */
export const LINE_STATES = ['idle', 'ringing', 'onCall', 'held', 'conference', 'dnd', 'offline'] as const;
export type LineState = (typeof LINE_STATES)[number];

/** How the PBX should route calls to an extension. */
export const ROUTING_STATES = ['available', 'busy', 'dnd', 'away', 'unavailable'] as const;
export type RoutingState = (typeof ROUTING_STATES)[number];

/** A rule's outcome may also be to leave the other side alone. */
export const NO_CHANGE = 'noChange' as const;
export type NoChange = typeof NO_CHANGE;
