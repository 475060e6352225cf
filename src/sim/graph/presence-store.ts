/**
 * Every user's presence sessions and preferred presence in one tenant, and the aggregated presence Graph
 * reports. Time-driven changes (expiry, decay) are noticed when read: the sequence number moves then.
 */
import type { Activity, Availability, TeamsPresence } from './presence-vocabulary';
import { aggregatePresence, type PreferredPresence, type PresenceSession } from './presence-aggregation';
import type { SequenceSource } from './sequence-source';

/** The session id under which the user's own Teams client holds its state. */
export const TEAMS_CLIENT_SESSION = 'teams-client';

interface UserPresenceRecord {
  sessions: PresenceSession[];
  preferred?: PreferredPresence;
  shown?: TeamsPresence;
  sequenceNumber: string;
}

export interface PresenceReading extends TeamsPresence {
  sequenceNumber: string;
}

export class PresenceStore {
  private readonly users = new Map<string, UserPresenceRecord>();

  constructor(private readonly nextSequence: SequenceSource) {}

  read(userId: string, now: number): PresenceReading {
    const record = this.record(userId);
    const presence = aggregatePresence(record.sessions, record.preferred, now);
    if (!record.shown || record.shown.availability !== presence.availability || record.shown.activity !== presence.activity) {
      record.shown = presence;
      record.sequenceNumber = this.nextSequence();
    }
    return { ...presence, sequenceNumber: record.sequenceNumber };
  }

  /** Creates or refreshes a session (refreshing restarts decay). */
  setSession(userId: string, session: PresenceSession, now: number): void {
    const record = this.record(userId);
    record.sessions = record.sessions.filter((s) => s.sessionId !== session.sessionId && this.live(s, now));
    record.sessions.push(session);
    this.read(userId, now);
  }

  /** false when there is no such (live) session. */
  clearSession(userId: string, sessionId: string, now: number): boolean {
    const record = this.record(userId);
    const before = record.sessions.filter((s) => this.live(s, now));
    record.sessions = before.filter((s) => s.sessionId !== sessionId);
    this.read(userId, now);
    return record.sessions.length !== before.length;
  }

  /** The user's own Teams client: Offline means the client is closed (its session is gone). */
  setClientPresence(userId: string, availability: Availability, activity: Activity, now: number): void {
    if (availability === 'Offline') {
      this.clearSession(userId, TEAMS_CLIENT_SESSION, now);
      return;
    }
    this.setSession(userId, { sessionId: TEAMS_CLIENT_SESSION, availability, activity, setAt: now, decays: false }, now);
  }

  setPreferred(userId: string, preferred: PreferredPresence, now: number): void {
    this.record(userId).preferred = preferred;
    this.read(userId, now);
  }

  clearPreferred(userId: string, now: number): void {
    delete this.record(userId).preferred;
    this.read(userId, now);
  }

  /** Live sessions and the preferred presence, for inspection by tests and the demo. */
  inspect(userId: string, now: number): { sessions: PresenceSession[]; preferred?: PreferredPresence } {
    const record = this.record(userId);
    const preferred = record.preferred && now < record.preferred.expiresAt ? record.preferred : undefined;
    return { sessions: record.sessions.filter((s) => this.live(s, now)).map((s) => ({ ...s })), preferred };
  }

  forget(userId: string): void {
    this.users.delete(userId);
  }

  private live(session: PresenceSession, now: number): boolean {
    return session.expiresAt === undefined || now < session.expiresAt;
  }

  private record(userId: string): UserPresenceRecord {
    let record = this.users.get(userId);
    if (!record) {
      record = { sessions: [], sequenceNumber: '' };
      this.users.set(userId, record);
    }
    return record;
  }
}
