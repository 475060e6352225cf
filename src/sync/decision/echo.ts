/**
 * Echo recognition, in this one place. The engine knows what it wrote; when that comes back from the other
 * side it must not be bounced across again, or a state would lock itself in (we set routing dnd, the PBX
 * reports line dnd, we push DND to Teams, the Teams DND keeps routing dnd...).
 */
import type { SyncPolicy } from './policy';
import { formatPresence, samePresence } from './presence';
import type { LineState, RoutingState, TeamsPresence } from '../states';
import type { UserSyncState } from '../types';

/**
 * Line states a PBX may report as the reflection of a routing state we set. "available" has none on
 * purpose: a line going idle ends whatever we pushed for it, which is never a loop and must not be lost.
 */
export const LINE_ECHOES_OF_ROUTING: Readonly<Record<RoutingState, readonly LineState[]>> = {
  available: [],
  busy: ['dnd'],
  dnd: ['dnd'],
  away: ['dnd', 'offline'],
  unavailable: ['offline'],
};

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/**
 * Is this Teams read our own write showing? While our session is set, Graph's aggregate is either ours or
 * the user's own state that outranks it: a read equal to ours is taken as ours (the PBX already knows its
 * own call), a different read is the user's. Right after we change or clear our session, Graph may still
 * show the old one for a while (`echoWindowMs`).
 */
export function teamsEchoReason(
  state: UserSyncState,
  presence: TeamsPresence,
  readAt: number,
  policy: Pick<SyncPolicy, 'echoWindowMs'>,
): string | undefined {
  const shown = formatPresence(presence);
  if (samePresence(presence, state.teamsSent?.presence)) {
    const because = state.line ? ` (set for line ${state.line.state})` : '';
    return `echo: ${shown} is our own session${because}; not sent to the PBX`;
  }
  if (samePresence(presence, state.preferredSent?.presence)) {
    return `echo: ${shown} is the preferred presence we set (force policy); not sent to the PBX`;
  }
  for (const [sent, what] of [
    [state.teamsSent, 'session'],
    [state.preferredSent, 'preferred presence'],
  ] as const) {
    if (sent && samePresence(presence, sent.previous) && readAt <= sent.at + policy.echoWindowMs) {
      return `echo: ${shown} is what our ${what} carried until ${seconds(Math.max(0, readAt - sent.at))} before this read; Graph still shows it`;
    }
  }
  return undefined;
}

/**
 * Is this line state the PBX reflecting a routing state we set? A PBX does not say who set its DND, so while
 * our routing state can produce this line state, it is taken as ours, however long ago we wrote it: pushing
 * it would lock both sides (e.g. our routing busy shows as line dnd after every call, DND in Teams keeps
 * routing busy). Calls (ringing, onCall, held) are never echoes. `now` only improves the wording.
 */
export function lineEchoReason(
  state: UserSyncState,
  line: LineState,
  now?: number,
  policy?: Pick<SyncPolicy, 'echoWindowMs'>,
): string | undefined {
  const sent = state.routingSent;
  if (!sent || !LINE_ECHOES_OF_ROUTING[sent.state].includes(line)) return undefined;
  const age = now === undefined ? -1 : now - sent.at;
  if (policy && age >= 0 && age <= policy.echoWindowMs) {
    return `echo: line ${line} follows the routing ${sent.state} we set ${seconds(age)} ago; not pushed to Teams`;
  }
  return `echo: line ${line} reflects the routing ${sent.state} we set; not pushed to Teams`;
}

/** The same question without an event (re-evaluation, dry run). */
export function standingLineEchoReason(state: UserSyncState): string | undefined {
  return state.line ? lineEchoReason(state, state.line.state) : undefined;
}

/**
 * The user's own Teams status as far as we can tell: undefined when never read, null when the last read
 * shows our own write (theirs is hidden behind it, so it does not outrank ours).
 */
export function usersOwnPresence(state: UserSyncState, policy: Pick<SyncPolicy, 'echoWindowMs'>): TeamsPresence | null | undefined {
  const read = state.teams;
  if (!read) return undefined;
  return teamsEchoReason(state, read.presence, read.at, policy) ? null : read.presence;
}
