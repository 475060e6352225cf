/** Builders for events and states in tests. */
import { parsePresence } from '../../../src/sync/decision/presence';
import type { LineState, TeamsPresence } from '../../../src/sync/states';
import type { LineStateEvent, TeamsPresenceEvent, UserSyncState } from '../../../src/sync/types';

export const T = 'tenant-a';
export const U = 'user-1';
export const EXT = '1001';

export function p(text: string): TeamsPresence {
  const presence = parsePresence(text);
  if (!presence) throw new Error(`bad presence in test: ${text}`);
  return presence;
}

export function teamsEvent(
  presence: string,
  version: string,
  at = 1000,
  userId = U,
  source: TeamsPresenceEvent['source'] = 'poll',
): TeamsPresenceEvent {
  return { kind: 'teamsPresence', tenantId: T, userId, presence: p(presence), version, at, source };
}

/** A change notification (push): ordered by its sequence number against what was seen recently. */
export function pushEvent(presence: string, version: string, at = 1000, userId = U): TeamsPresenceEvent {
  return teamsEvent(presence, version, at, userId, 'push');
}

export function lineEvent(state: LineState, version: string | number, at = 1000, userId = U, extension = EXT): LineStateEvent {
  return { kind: 'lineState', tenantId: T, userId, extension, state, version: String(version), at };
}

export function userState(extra: Partial<UserSyncState> = {}): UserSyncState {
  return { tenantId: T, userId: U, extension: EXT, ...extra };
}
