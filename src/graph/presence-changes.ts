/**
 * What the poller last read per user, so only real changes leave it: a read whose presence equals the last
 * one is not reported (the sequenceNumber may have moved without the presence changing).
 *
 * A poll reads the present, so its sequenceNumber never makes it stale: Graph does not promise the number
 * never goes back (tenant moves, service resets), and dropping reads below an old number would hide every
 * change until the new numbers caught up. Sweeps do not overlap, so reads of one user arrive in order.
 */
import type { TeamsPresence } from '../sync/states';

export type PresenceVerdict = 'changed' | 'unchanged';

export class PresenceChanges {
  private readonly seen = new Map<string, TeamsPresence>();

  accept(userId: string, presence: TeamsPresence): PresenceVerdict {
    const last = this.seen.get(userId);
    this.seen.set(userId, presence);
    if (last && last.availability === presence.availability && last.activity === presence.activity) return 'unchanged';
    return 'changed';
  }

  /** Drop users no longer polled (unmapped), so a returning user is reported afresh. */
  retainOnly(userIds: ReadonlySet<string>): void {
    for (const id of this.seen.keys()) if (!userIds.has(id)) this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }
}
