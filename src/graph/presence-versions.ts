/**
 * What the poller last saw per user, so only real changes leave it: an update whose sequenceNumber is not
 * newer than the last one is stale or a duplicate and is dropped; a newer one with the same presence is
 * remembered but not reported. Graph's sequenceNumber is a lexicographically sortable string.
 */
import type { TeamsPresence } from '../sync/states';

export type PresenceVerdict = 'changed' | 'unchanged' | 'stale';

interface Seen {
  presence: TeamsPresence;
  version: string;
}

export class PresenceVersions {
  private readonly seen = new Map<string, Seen>();

  accept(userId: string, presence: TeamsPresence, version: string): PresenceVerdict {
    const last = this.seen.get(userId);
    // Without a sequence number (empty), only a different presence counts as news.
    if (last && version !== '' && last.version !== '' && version <= last.version) return 'stale';
    this.seen.set(userId, { presence, version });
    if (last && last.presence.availability === presence.availability && last.presence.activity === presence.activity) return 'unchanged';
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
