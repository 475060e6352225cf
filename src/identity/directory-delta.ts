/** One round of Graph's users delta applied to the stored directory, in memory, before anything is saved. */
import type { DirectoryUser } from './types';

export interface DirectoryDelta {
  upserts: DirectoryUser[];
  /** Ids of users deleted since the last round. */
  removals: string[];
  /** For the next round; null when Graph gave none. */
  deltaLink: string | null;
  /** This round listed every user from scratch (first run, or the saved link had expired). */
  fullResync: boolean;
}

export interface AppliedDelta {
  /** The whole directory after the round. */
  users: DirectoryUser[];
  /** The changed users as they now stand, to be saved (the store replaces a user's record whole). */
  upserts: DirectoryUser[];
}

/**
 * A full listing replaces the directory. A change round merges each user onto what is stored, because Graph
 * sends an updated user with "at least the properties that have been updated", not necessarily all of them.
 */
export function applyDirectoryDelta(stored: readonly DirectoryUser[], delta: DirectoryDelta): AppliedDelta {
  const users = new Map<string, DirectoryUser>(delta.fullResync ? [] : stored.map((u) => [u.id, u]));
  const upserts = new Map<string, DirectoryUser>();
  for (const change of delta.upserts) {
    const merged = delta.fullResync ? change : { ...users.get(change.id), ...change };
    users.set(change.id, merged);
    upserts.set(change.id, merged);
  }
  for (const id of delta.removals) {
    users.delete(id);
    upserts.delete(id);
  }
  return { users: [...users.values()], upserts: [...upserts.values()] };
}
