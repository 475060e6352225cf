/**
 * decide(): one event meets one user's state and the tenant's policy. Pure: it returns the next state, the
 * actions to perform, and the trace entry that explains them. The engine performs the actions.
 *
 * Order of checks, per event: stale/duplicate version -> paused -> direction off -> echo of our own write
 * -> rule -> (PBX -> Teams) the user's own status and replaceOnlyWhen -> idempotency -> write.
 * A Teams event also re-evaluates PBX -> Teams while a call is in progress, because a write held back
 * for the user's own status may now be possible: that second evaluation gets its own trace entry.
 */
import { lineEchoReason, standingLineEchoReason, teamsEchoReason } from './echo';
import { ACTIVE_LINE_STATES } from './map';
import { planRouting } from './plan-routing';
import { planTeams } from './plan-teams';
import { traceEntry } from './trace-entry';
import type { SyncPolicy } from './policy';
import { formatPresence, samePresence } from './presence';
import type { Decision, Direction, LineStateEvent, SyncEvent, TeamsPresenceEvent, TraceEntry, UserSyncState } from '../types';
import { judgeVersion, resetReason, type IncomingVersion, type KnownVersion, type VersionVerdict } from './versions';

/** Plain description of an event for trace entries. */
function describeEvent(event: SyncEvent): string {
  if (event.kind === 'teamsPresence') {
    const seq = event.version ? `seq ${event.version}, ` : '';
    return `Teams ${formatPresence(event.presence)} (${seq}${event.source})`;
  }
  return `line ${event.state} (${event.extension}${event.version ? `, v ${event.version}` : ''})`;
}

export interface CoreDecision extends Decision {
  /** A second, related decision in the other direction (see above); its actions are in `actions` too. */
  followUp?: TraceEntry;
}

function dropped(state: UserSyncState, now: number, direction: Direction, event: SyncEvent, reason: string): CoreDecision {
  return {
    next: state,
    actions: [],
    trace: traceEntry(state, now, direction, describeEvent(event), { outcome: 'stale', reason, actions: [] }),
  };
}

function versionReason(verdict: 'duplicate' | 'stale', incoming: string, known: string): string {
  return verdict === 'duplicate'
    ? `duplicate: version ${incoming} already seen; dropped`
    : `stale: version ${incoming} is older than ${known} already seen; dropped`;
}

/** The version sides of an event and of what the state knows, as versions.ts judges them. */
function versionsOf(state: UserSyncState, event: SyncEvent): { incoming: IncomingVersion; known: KnownVersion | undefined } {
  if (event.kind === 'teamsPresence') {
    const known = state.teams;
    return {
      incoming: {
        version: event.version,
        kind: 'teams',
        present: event.source === 'poll',
        sameContent: !known || samePresence(known.presence, event.presence),
      },
      known,
    };
  }
  const known = state.line;
  return { incoming: { version: event.version, kind: 'line', sameContent: !known || known.state === event.state }, known };
}

function judge(state: UserSyncState, event: SyncEvent, now: number): { verdict: VersionVerdict; note: string } {
  const { incoming, known } = versionsOf(state, event);
  const verdict = judgeVersion(incoming, known, now);
  return { verdict, note: verdict === 'reset' && known ? ` (${resetReason(incoming, known, now)})` : '' };
}

/**
 * Under the force policy, a Teams status the user picked while we forced theirs is their newest choice:
 * stop forcing and do not restore the older one later.
 */
function userTookOver(state: UserSyncState, event: TeamsPresenceEvent, policy: SyncPolicy): boolean {
  const forced = state.preferredSent;
  if (!forced?.presence) return false;
  if (teamsEchoReason(state, event.presence, event.at, policy)) return false;
  const lagging = samePresence(event.presence, state.preferredBefore) && event.at <= forced.at + policy.echoWindowMs;
  return !lagging;
}

function decideTeams(state: UserSyncState, event: TeamsPresenceEvent, policy: SyncPolicy, now: number): CoreDecision {
  const { verdict, note: versionNote } = judge(state, event, now);
  // A read taken as our echo is looked at again when the same version comes back: our session may have
  // ended since, and Graph does not bump the version when the aggregate stays the same.
  const lookAgain = verdict === 'duplicate' && !!state.teams?.echo && !teamsEchoReason(state, event.presence, event.at, policy);
  if ((verdict === 'duplicate' || verdict === 'stale') && !lookAgain)
    return dropped(state, now, 'teamsToPbx', event, versionReason(verdict, event.version, state.teams!.version));

  let observed: UserSyncState = { ...state, teams: { presence: event.presence, version: event.version, at: event.at } };
  let note = '';
  if (userTookOver(state, event, policy)) {
    observed = {
      ...observed,
      preferredSent: { presence: null, at: now, previous: state.preferredSent!.presence },
      preferredBefore: undefined,
    };
    note = `; the user chose ${formatPresence(event.presence)} while we forced theirs: no longer forcing, nothing to restore`;
  }
  const planned = planRouting(observed, policy, now);
  const plan =
    planned.outcome === 'echo' ? { ...planned, next: { ...planned.next, teams: { ...planned.next.teams!, echo: true } } } : planned;
  const description = describeEvent(event) + versionNote + (lookAgain ? ', looked at again: our write has ended' : '');
  const trace = traceEntry(state, now, 'teamsToPbx', description, { ...plan, reason: plan.reason + note });

  // Re-evaluate PBX -> Teams when a call is in progress (a held-back write may now be possible), or when the
  // routing we now send makes the current line state look like our own echo (what we pushed for it ends).
  const line = plan.next.line?.state;
  const nowEcho = line && !ACTIVE_LINE_STATES.has(line) ? standingLineEchoReason(plan.next) : undefined;
  if (line && (ACTIVE_LINE_STATES.has(line) || nowEcho) && plan.outcome !== 'paused') {
    const again = planTeams(plan.next, policy, now, nowEcho);
    if (again.actions.length > 0) {
      const followUp = traceEntry(state, now, 'pbxToTeams', `${description}; line ${line}`, again);
      return { next: again.next, actions: [...plan.actions, ...again.actions], trace, followUp };
    }
  }
  return { next: plan.next, actions: plan.actions, trace };
}

function decideLine(state: UserSyncState, event: LineStateEvent, policy: SyncPolicy, now: number): CoreDecision {
  if (event.extension !== state.extension) {
    return dropped(
      state,
      now,
      'pbxToTeams',
      event,
      `line event for extension ${event.extension}, but the user is mapped to ${state.extension}; dropped`,
    );
  }
  const { verdict, note } = judge(state, event, now);
  if (verdict === 'duplicate' || verdict === 'stale')
    return dropped(state, now, 'pbxToTeams', event, versionReason(verdict, event.version, state.line!.version));

  const echo = lineEchoReason(state, event.state, now, policy);
  const observed: UserSyncState = { ...state, line: { state: event.state, version: event.version, at: event.at } };
  const plan = planTeams(observed, policy, now, echo);
  return { next: plan.next, actions: plan.actions, trace: traceEntry(state, now, 'pbxToTeams', describeEvent(event) + note, plan) };
}

export function decide(state: UserSyncState, event: SyncEvent, policy: SyncPolicy, now: number): CoreDecision {
  return event.kind === 'teamsPresence' ? decideTeams(state, event, policy, now) : decideLine(state, event, policy, now);
}

/** True when the event is an exact duplicate: the same version and content as already seen. */
export function isDuplicate(state: UserSyncState, event: SyncEvent): boolean {
  const { incoming, known } = versionsOf(state, event);
  return known !== undefined && known.version !== '' && incoming.version === known.version && incoming.sameContent !== false;
}
