/**
 * How Graph combines presence (graph.md, "Aggregation"): the user's preferred (manual) state beats every
 * session; among sessions DoNotDisturb > Busy > Available > Away. The core uses this to know when a session
 * of ours cannot show (hold back) and the simulators and tests use `aggregatePresence` to behave like Graph.
 */
import { samePresence } from './presence';
import type { Availability, TeamsPresence } from '../states';

const RANK: Record<Availability, number> = {
  DoNotDisturb: 4,
  Busy: 3,
  BusyIdle: 3,
  Available: 2,
  AvailableIdle: 2,
  Away: 1,
  BeRightBack: 1,
  Offline: 0,
  PresenceUnknown: 0,
};

export function presenceRank(p: TeamsPresence): number {
  return RANK[p.availability];
}

/** The pairs Graph's setUserPreferredPresence accepts: the user's own status. */
export const PREFERRED_PRESENCES: readonly TeamsPresence[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'Busy' },
  { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
  { availability: 'BeRightBack', activity: 'BeRightBack' },
  { availability: 'Away', activity: 'Away' },
  { availability: 'Offline', activity: 'OffWork' },
];

export function isPreferredPresence(p: TeamsPresence): boolean {
  return PREFERRED_PRESENCES.some((q) => samePresence(p, q));
}

/**
 * States only a person sets by hand: no session (app or Teams client) produces them, so they are a
 * preferred presence and beat any session of ours.
 */
export function isManualOnly(p: TeamsPresence): boolean {
  return p.availability === 'BeRightBack' || (p.availability === 'Offline' && p.activity === 'OffWork');
}

/**
 * Would the user's own state `own` hide a session of ours carrying `ours`? True when it is a manual-only
 * state (preferred beats sessions) or ranks strictly higher among sessions. Equal ranks do not hide ours
 * reliably, so we write and let Graph decide.
 */
export function outranks(own: TeamsPresence, ours: TeamsPresence): boolean {
  if (samePresence(own, ours)) return false;
  if (isManualOnly(own)) return true;
  return presenceRank(own) > presenceRank(ours);
}

/** The preferred pair closest to a session pair, for the force policy (Busy/InACall -> Busy/Busy). */
export function preferredPairFor(p: TeamsPresence): TeamsPresence {
  switch (p.availability) {
    case 'DoNotDisturb':
      return { availability: 'DoNotDisturb', activity: 'DoNotDisturb' };
    case 'Busy':
    case 'BusyIdle':
      return { availability: 'Busy', activity: 'Busy' };
    case 'Available':
    case 'AvailableIdle':
      return { availability: 'Available', activity: 'Available' };
    case 'BeRightBack':
      return { availability: 'BeRightBack', activity: 'BeRightBack' };
    case 'Away':
      return { availability: 'Away', activity: 'Away' };
    default:
      return { availability: 'Offline', activity: 'OffWork' };
  }
}

const OFFLINE: TeamsPresence = { availability: 'Offline', activity: 'Offline' };

/**
 * What Graph reports for a user: the preferred presence if set (it only shows while some session exists),
 * else the highest-ranked session; the first listed wins a tie. No session at all: Offline/Offline.
 */
export function aggregatePresence(preferred: TeamsPresence | null, sessions: readonly TeamsPresence[]): TeamsPresence {
  if (sessions.length === 0) return OFFLINE;
  if (preferred) return preferred;
  let best = sessions[0];
  for (const s of sessions) if (presenceRank(s) > presenceRank(best)) best = s;
  return best;
}
