/**
 * The core's vocabulary: events in, decisions out. Everything is keyed by tenant from the first field.
 * `userId` is always the Entra object id of the Teams user; `extension` is the PBX side's key.
 */
import type { LineState, RoutingState, TeamsPresence } from './states';

export type Direction = 'teamsToPbx' | 'pbxToTeams';

/** Teams presence as read from Graph (poll or push). `version` is Graph's sequenceNumber. */
export interface TeamsPresenceEvent {
  kind: 'teamsPresence';
  tenantId: string;
  userId: string;
  presence: TeamsPresence;
  version: string;
  at: number;
  source: 'poll' | 'push';
}

/** Line state as a connector reported it. `version` orders events of one extension (connector time stamp). */
export interface LineStateEvent {
  kind: 'lineState';
  tenantId: string;
  userId: string;
  extension: string;
  state: LineState;
  version: string;
  at: number;
}

export type SyncEvent = TeamsPresenceEvent | LineStateEvent;

export interface SetRoutingAction {
  kind: 'setRouting';
  tenantId: string;
  userId: string;
  extension: string;
  state: RoutingState;
}
/** Our own Graph presence session for the user (sessionId = the app's client id). */
export interface SetTeamsSessionAction {
  kind: 'setTeamsSession';
  tenantId: string;
  userId: string;
  presence: TeamsPresence;
}
export interface ClearTeamsSessionAction {
  kind: 'clearTeamsSession';
  tenantId: string;
  userId: string;
}
/** Only under an explicit "force" policy: overwrite the user's own (preferred) presence, and later restore it. */
export interface SetPreferredPresenceAction {
  kind: 'setPreferredPresence';
  tenantId: string;
  userId: string;
  presence: TeamsPresence;
}
export interface ClearPreferredPresenceAction {
  kind: 'clearPreferredPresence';
  tenantId: string;
  userId: string;
}

export type SyncAction =
  SetRoutingAction | SetTeamsSessionAction | ClearTeamsSessionAction | SetPreferredPresenceAction | ClearPreferredPresenceAction;

/** What the engine knows about one user, persisted so a restart loses nothing. */
export interface UserSyncState {
  tenantId: string;
  userId: string;
  extension: string;
  /**
   * Last Teams presence seen from Graph. `echo`: that read was taken as our own write showing; the same
   * version read again is looked at again (once our write has ended, the same aggregate is the user's own).
   */
  teams?: { presence: TeamsPresence; version: string; at: number; echo?: boolean };
  /** Last line state seen from the PBX. */
  line?: { state: LineState; version: string; at: number };
  /** The routing state we last told the PBX, and when. */
  routingSent?: { state: RoutingState; at: number };
  /**
   * What our own Teams session last carries (null: cleared), and when it was written. `previous` is what it
   * carried before that write: a Teams read shortly after still showing it is our own echo (Graph lags).
   */
  teamsSent?: { presence: TeamsPresence | null; at: number; previous?: TeamsPresence | null };
  /** Under the force policy: the user's preferred presence before we overwrote it, to restore later. */
  preferredBefore?: TeamsPresence | null;
  /** Under the force policy: the preferred presence we wrote (null: restored), same shape as teamsSent. */
  preferredSent?: { presence: TeamsPresence | null; at: number; previous?: TeamsPresence | null };
  /** Sync paused for this user: events are traced, nothing is written. */
  paused?: PauseMark;
}

/** Who paused sync, and when. */
export interface PauseMark {
  by: string;
  at: number;
}

export type TraceOutcome =
  | 'applied' // actions were planned
  | 'unchanged' // the other side already has that state: nothing to write
  | 'stale' // older or same version as what we know: dropped
  | 'echo' // our own write coming back
  | 'heldBack' // the user's own manual status wins
  | 'noRule' // the rule says leave the other side alone
  | 'paused'
  | 'disabled'; // that direction is off for the tenant

/** One decision, explained. `result` is filled in after the actions ran (the other side's answer). */
export interface TraceEntry {
  tenantId: string;
  userId: string;
  at: number;
  direction: Direction;
  /** Plain description of the event, e.g. "Teams Busy/InACall (seq 0042, poll)" or "line onCall (1001)". */
  event: string;
  /** The rule that matched, as text, e.g. "Busy/* -> busy (preset daktela)". */
  rule?: string;
  outcome: TraceOutcome;
  reason: string;
  actions: SyncAction[];
  result?: string;
}

export interface Decision {
  next: UserSyncState;
  actions: SyncAction[];
  trace: TraceEntry;
}
