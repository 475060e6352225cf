/**
 * A tenant's users with a change log, so `users/delta` can answer "everything" and "what changed since
 * version N" by position, without scanning. Removed users stay as tombstones to be reported once.
 */
import type { DirectoryUser } from './directory-user';
import { SimulatorUsageError } from './errors';

interface DirectoryEntry {
  user: DirectoryUser;
  /** Version of the last change (add, update, remove). */
  version: number;
  /** Version at which the user (last) appeared. */
  createdVersion: number;
  createdAt: number;
  removed: boolean;
}

export interface DirectoryPage<T> {
  items: T[];
  /** Where the next page starts; null when this was the last one. */
  next: number | null;
}

export type DirectoryChange = { kind: 'upsert'; user: DirectoryUser } | { kind: 'removed'; id: string };

export class Directory {
  private readonly entries = new Map<string, DirectoryEntry>();
  private readonly order: string[] = [];
  private readonly log: { version: number; id: string }[] = [];
  private version = 0;
  private liveCount = 0;

  get currentVersion(): number {
    return this.version;
  }

  get size(): number {
    return this.liveCount;
  }

  add(user: DirectoryUser, now: number): void {
    const existing = this.entries.get(user.id);
    if (existing && !existing.removed) throw new SimulatorUsageError(`User ${user.id} already exists; use updateUser to change it.`);
    const version = this.bump(user.id);
    this.liveCount += 1;
    if (existing) {
      Object.assign(existing, { user: { ...user }, version, createdVersion: version, createdAt: now, removed: false });
      return;
    }
    this.entries.set(user.id, { user: { ...user }, version, createdVersion: version, createdAt: now, removed: false });
    this.order.push(user.id);
  }

  update(id: string, patch: Partial<Omit<DirectoryUser, 'id'>>): DirectoryUser {
    const entry = this.live(id);
    entry.user = { ...entry.user, ...patch, id };
    entry.version = this.bump(id);
    return { ...entry.user };
  }

  remove(id: string): void {
    const entry = this.live(id);
    entry.removed = true;
    entry.version = this.bump(id);
    this.liveCount -= 1;
  }

  get(id: string): DirectoryUser | undefined {
    const entry = this.entries.get(id);
    return entry && !entry.removed ? entry.user : undefined;
  }

  createdAt(id: string): number | undefined {
    return this.entries.get(id)?.createdAt;
  }

  isRemoved(id: string): boolean {
    return this.entries.get(id)?.removed === true;
  }

  /** Users present at `snapshotVersion` (shown as they are now), in creation order, from position `start`. */
  listPage(snapshotVersion: number, start: number, limit: number): DirectoryPage<DirectoryUser> {
    const items: DirectoryUser[] = [];
    let i = start;
    for (; i < this.order.length && items.length < limit; i += 1) {
      const entry = this.entries.get(this.order[i])!;
      if (!entry.removed && entry.createdVersion <= snapshotVersion) items.push(entry.user);
    }
    return { items, next: this.hasListedAfter(i, snapshotVersion) ? i : null };
  }

  /** Changes with since < version <= upTo, each user once (its latest state), from log position `start` (-1: find it). */
  changesPage(since: number, upTo: number, start: number, limit: number): DirectoryPage<DirectoryChange> {
    let i = start >= 0 ? start : this.firstLogIndexAfter(since);
    const items: DirectoryChange[] = [];
    for (; i < this.log.length && this.log[i].version <= upTo && items.length < limit; i += 1) {
      const { version, id } = this.log[i];
      const entry = this.entries.get(id)!;
      if (entry.version !== version) continue; // a later change of this user reports it
      items.push(entry.removed ? { kind: 'removed', id } : { kind: 'upsert', user: entry.user });
    }
    const more = i < this.log.length && this.log[i].version <= upTo;
    return { items, next: more ? i : null };
  }

  /** All live users in creation order (for Teams user configuration paging). */
  liveAt(position: number): { user: DirectoryUser; createdAt: number } | undefined {
    const entry = this.entries.get(this.order[position]);
    return entry && !entry.removed ? { user: entry.user, createdAt: entry.createdAt } : undefined;
  }

  get positions(): number {
    return this.order.length;
  }

  private hasListedAfter(i: number, snapshotVersion: number): boolean {
    for (; i < this.order.length; i += 1) {
      const entry = this.entries.get(this.order[i])!;
      if (!entry.removed && entry.createdVersion <= snapshotVersion) return true;
    }
    return false;
  }

  private firstLogIndexAfter(version: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid].version <= version) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private live(id: string): DirectoryEntry {
    const entry = this.entries.get(id);
    if (!entry || entry.removed) throw new SimulatorUsageError(`No user ${id} in this tenant; add it first with addUsers.`);
    return entry;
  }

  private bump(id: string): number {
    this.version += 1;
    this.log.push({ version: this.version, id });
    return this.version;
  }
}
