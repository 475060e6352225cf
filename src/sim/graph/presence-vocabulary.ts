/**
 * Graph's presence words and setPresence's rule, written from Microsoft's documentation (the presence resource
 * type; presence: setPresence, "Supported combinations of availability and activity"; facts/graph.md), not
 * taken from the product: the simulator must hold the product to Microsoft's rules, not to its own.
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

/** A presence as Graph reports it. */
export interface TeamsPresence {
  availability: Availability;
  activity: Activity;
}

/**
 * setPresence's table of supported combinations. (Revisions of the page before 2024 had no DoNotDisturb row and
 * said DoNotDisturb "currently not supported for set presence"; the current page lists DoNotDisturb/Presenting.)
 */
const SESSION_PAIRS: Readonly<Record<string, readonly string[]>> = {
  Available: ['Available'],
  Busy: ['InACall', 'InAConferenceCall'],
  Away: ['Away'],
  DoNotDisturb: ['Presenting'],
};

export function isSettableSessionPair(availability: string, activity: string): boolean {
  return SESSION_PAIRS[availability]?.includes(activity) ?? false;
}

/** The same table as text, for the 400 a refused pair gets. */
export const SETTABLE_SESSION_PAIRS_TEXT = Object.entries(SESSION_PAIRS)
  .flatMap(([availability, activities]) => activities.map((activity) => `${availability}/${activity}`))
  .join(', ');
