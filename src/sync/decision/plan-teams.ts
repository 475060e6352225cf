/**
 * PBX -> Teams for one user: from the last line state to our Graph presence session (and, only under the
 * force policy, the user's preferred presence). The user's own status wins by default, as in Graph's
 * aggregation: we hold back rather than write a session that could not show.
 */
import { isManualOnly, isPreferredPresence, outranks, preferredPairFor } from './aggregation';
import { usersOwnPresence } from './echo';
import { ACTIVE_LINE_STATES, mapLineToTeams } from './map';
import { nothing, pausedReason, type Plan } from './plan';
import type { SyncPolicy } from './policy';
import { formatPresence, samePresence } from './presence';
import type { TeamsPresence } from '../states';
import type { SyncAction, UserSyncState } from '../types';

function forcing(state: UserSyncState): boolean {
  return !!state.preferredSent?.presence;
}

/** End what we show in Teams: clear our session, and restore the preferred presence we overwrote. */
function endOurs(state: UserSyncState, now: number): { actions: SyncAction[]; next: UserSyncState } {
  const { tenantId, userId } = state;
  const actions: SyncAction[] = [];
  let next = state;
  const session = state.teamsSent?.presence;
  if (session) {
    actions.push({ kind: 'clearTeamsSession', tenantId, userId });
    next = { ...next, teamsSent: { presence: null, at: now, previous: session } };
  }
  const forced = state.preferredSent?.presence;
  if (forced) {
    const before = state.preferredBefore;
    actions.push(
      before ? { kind: 'setPreferredPresence', tenantId, userId, presence: before } : { kind: 'clearPreferredPresence', tenantId, userId },
    );
    next = { ...next, preferredSent: { presence: null, at: now, previous: forced }, preferredBefore: undefined };
  }
  return { actions, next };
}

function describeEnd(actions: SyncAction[]): string {
  return actions
    .map((a) =>
      a.kind === 'clearTeamsSession'
        ? 'clearing our session'
        : a.kind === 'setPreferredPresence'
          ? `restoring the user's ${formatPresence(a.presence)}`
          : 'removing the preferred presence we set',
    )
    .join(' and ');
}

/** Write `target` as our session; under force also as the preferred presence. */
function show(
  state: UserSyncState,
  target: TeamsPresence,
  now: number,
  force: { own: TeamsPresence | null } | undefined,
): { actions: SyncAction[]; next: UserSyncState } {
  const { tenantId, userId } = state;
  const actions: SyncAction[] = [];
  let next = state;
  if (!samePresence(state.teamsSent?.presence, target)) {
    actions.push({ kind: 'setTeamsSession', tenantId, userId, presence: target });
    next = { ...next, teamsSent: { presence: target, at: now, previous: state.teamsSent?.presence ?? null } };
  }
  if (force || forcing(state)) {
    const pair = preferredPairFor(target);
    if (!samePresence(state.preferredSent?.presence, pair)) {
      actions.push({ kind: 'setPreferredPresence', tenantId, userId, presence: pair });
      const before = forcing(state) ? state.preferredBefore : force?.own && isPreferredPresence(force.own) ? force.own : null;
      next = {
        ...next,
        preferredSent: { presence: pair, at: now, previous: state.preferredSent?.presence ?? null },
        preferredBefore: before,
      };
    }
  }
  return { actions, next };
}

function heldBackReason(own: TeamsPresence, target: TeamsPresence): string {
  const who = isManualOnly(own) || isPreferredPresence(own) ? 'user set' : 'user is';
  return `held back: ${who} ${formatPresence(own)}, which outranks ${formatPresence(target)} in Teams; writing again when their status changes`;
}

export function planTeams(state: UserSyncState, policy: SyncPolicy, now: number, lineEcho?: string): Plan {
  const line = state.line;
  if (!line) return nothing(state, 'noRule', 'no line state known yet');
  const paused = pausedReason(state);
  if (paused) return nothing(state, 'paused', paused);
  if (!policy.pbxToTeams.enabled) return nothing(state, 'disabled', 'PBX -> Teams is off for this tenant; nothing written');
  const { outcome: target, rule } = mapLineToTeams(policy, line.state);
  if (lineEcho) {
    // Not pushed. And whatever we showed for an earlier line state ends: a call that is over, or a desk-phone
    // DND we can no longer tell from our own routing (a stale DND in Teams is worse than a missing one).
    if (!ACTIVE_LINE_STATES.has(line.state)) {
      const end = endOurs(state, now);
      if (end.actions.length > 0)
        return { outcome: 'applied', reason: `${lineEcho}; ${describeEnd(end.actions)} set for the earlier line state`, rule, ...end };
    }
    return nothing(state, 'echo', lineEcho);
  }

  if (target === 'noChange') {
    // A line state that sets nothing still ends what we showed for an earlier call: never leave a stale
    // "In a call" behind. Ringing/held keep it (the call is not over).
    if (!ACTIVE_LINE_STATES.has(line.state)) {
      const end = endOurs(state, now);
      if (end.actions.length > 0) {
        return {
          outcome: 'applied',
          reason: `line ${line.state} sets nothing in Teams; ${describeEnd(end.actions)} left from the earlier line state`,
          rule,
          ...end,
        };
      }
    }
    return nothing(state, 'noRule', `the rule leaves Teams alone for line ${line.state}`, rule);
  }
  if (target === 'clear') {
    const end = endOurs(state, now);
    if (end.actions.length === 0) return nothing(state, 'unchanged', 'no session of ours to clear', rule);
    return { outcome: 'applied', reason: `line ${line.state}: ${describeEnd(end.actions)}`, rule, ...end };
  }

  const wanted = formatPresence(target);
  const own = usersOwnPresence(state, policy);
  const replaceOnly = policy.pbxToTeams.replaceOnlyWhen;
  if (replaceOnly && !forcing(state)) {
    const list = replaceOnly.join(', ');
    if (own === undefined) return nothing(state, 'heldBack', `held back: Teams status not read yet, and only ${list} is replaced`, rule);
    if (own && !replaceOnly.includes(own.availability)) {
      return nothing(state, 'heldBack', `held back: Teams status is ${formatPresence(own)}; only ${list} is replaced`, rule);
    }
  }
  let force: { own: TeamsPresence | null } | undefined;
  if (own && outranks(own, target) && !forcing(state)) {
    if (!policy.pbxToTeams.forcePreferred) return nothing(state, 'heldBack', heldBackReason(own, target), rule);
    force = { own };
  }
  const out = show(state, target, now, force);
  if (out.actions.length === 0) return nothing(state, 'unchanged', `Teams already shows our ${wanted}; nothing to write`, rule);
  const reason = force
    ? `forced: the user's ${formatPresence(own)} would hide ${wanted}; overwriting their preferred presence (restored when the line is idle)`
    : `line ${line.state} -> ${wanted}`;
  return { outcome: 'applied', reason, rule, ...out };
}
