/**
 * How Teams folds a user's presence sessions into the one presence Graph reports (facts/graph.md):
 * - the user's preferred (manual) presence beats every session, but shows only while some session exists;
 * - among sessions: DoNotDisturb > Busy > Available > Away (ties: the most recently set session);
 * - a session lapses to nothing at its expiry; no session at all is Offline;
 * - an Available session decays to AvailableIdle after 5 minutes and to Away after 5 more unless refreshed.
 * Pure: time comes in as `now`.
 * Deliberately not shared with src/sync/decision/aggregation.ts: written apart from Microsoft's docs, so the simulator cannot agree with the product by construction.
 */
import type { Activity, Availability, TeamsPresence } from './presence-vocabulary';
import { DAY_MS, MINUTE_MS } from './iso-duration';

export interface PresenceSession {
  sessionId: string;
  availability: Availability;
  activity: Activity;
  /** When it was last set (or refreshed): decay counts from here. */
  setAt: number;
  /** undefined: never lapses (the user's own Teams client, which keeps itself alive). */
  expiresAt?: number;
  /** The Teams client manages its own idle states, so only app sessions decay. */
  decays: boolean;
}

export interface PreferredPresence {
  availability: Availability;
  activity: Activity;
  expiresAt: number;
}

export const IDLE_AFTER_MS = 5 * MINUTE_MS;
export const AWAY_AFTER_MS = 10 * MINUTE_MS;

const RANK: Record<Availability, number> = {
  DoNotDisturb: 8,
  Busy: 7,
  BusyIdle: 6,
  Available: 5,
  AvailableIdle: 4,
  Away: 3,
  BeRightBack: 2,
  PresenceUnknown: 1,
  Offline: 0,
};

export const OFFLINE: TeamsPresence = { availability: 'Offline', activity: 'Offline' };

export function isSessionLive(session: PresenceSession, now: number): boolean {
  return session.expiresAt === undefined || now < session.expiresAt;
}

/** What one session shows at `now`, decay included. */
export function sessionPresenceAt(session: PresenceSession, now: number): TeamsPresence {
  if (session.decays && session.availability === 'Available') {
    const idleFor = now - session.setAt;
    if (idleFor >= AWAY_AFTER_MS) return { availability: 'Away', activity: 'Away' };
    if (idleFor >= IDLE_AFTER_MS) return { availability: 'AvailableIdle', activity: 'Inactive' };
  }
  return { availability: session.availability, activity: session.activity };
}

export function aggregatePresence(
  sessions: readonly PresenceSession[],
  preferred: PreferredPresence | undefined,
  now: number,
): TeamsPresence {
  let best: { presence: TeamsPresence; setAt: number } | undefined;
  for (const session of sessions) {
    if (!isSessionLive(session, now)) continue;
    const presence = sessionPresenceAt(session, now);
    if (
      !best ||
      RANK[presence.availability] > RANK[best.presence.availability] ||
      (RANK[presence.availability] === RANK[best.presence.availability] && session.setAt > best.setAt)
    ) {
      best = { presence, setAt: session.setAt };
    }
  }
  if (!best) return OFFLINE;
  if (preferred && now < preferred.expiresAt) return { availability: preferred.availability, activity: preferred.activity };
  return best.presence;
}

/** The pairs setUserPreferredPresence accepts (they differ from setPresence's). */
export const PREFERRED_PRESENCES: readonly TeamsPresence[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'Busy' },
  { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
  { availability: 'BeRightBack', activity: 'BeRightBack' },
  { availability: 'Away', activity: 'Away' },
  { availability: 'Offline', activity: 'OffWork' },
];

/** A preferred presence without expirationDuration lasts 1 day for Busy and DoNotDisturb, 7 days otherwise. */
export function defaultPreferredExpiryMs(availability: Availability): number {
  return availability === 'Busy' || availability === 'DoNotDisturb' ? DAY_MS : 7 * DAY_MS;
}
