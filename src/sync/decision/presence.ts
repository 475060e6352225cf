/** Small helpers over Teams presence values: compare, print, parse. */
import { ACTIVITIES, AVAILABILITIES, type Activity, type Availability, type TeamsPresence } from '../states';

export function samePresence(a: TeamsPresence | null | undefined, b: TeamsPresence | null | undefined): boolean {
  if (!a || !b) return false;
  return a.availability === b.availability && a.activity === b.activity;
}

/** "Busy/InACall" */
export function formatPresence(p: TeamsPresence | null | undefined): string {
  if (p === null) return 'none';
  if (p === undefined) return 'unknown';
  return `${p.availability}/${p.activity}`;
}

/** "Busy/InACall" -> presence, or undefined when either half is not a Graph value. */
export function parsePresence(text: string): TeamsPresence | undefined {
  const [availability, activity, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  if (!(AVAILABILITIES as readonly string[]).includes(availability)) return undefined;
  if (!(ACTIVITIES as readonly string[]).includes(activity)) return undefined;
  return { availability: availability as Availability, activity: activity as Activity };
}
