/** Teams -> PBX for one user: from the last Teams read to the routing state the PBX should carry. */
import { teamsEchoReason } from './echo';
import { mapTeamsToRouting } from './map';
import { nothing, pausedReason, type Plan } from './plan';
import type { SyncPolicy } from './policy';
import { formatPresence } from './presence';
import type { RoutingState } from '../states';
import type { UserSyncState } from '../types';

function setRouting(state: UserSyncState, target: RoutingState, now: number, reason: string, rule?: string): Plan {
  return {
    outcome: 'applied',
    reason,
    rule,
    actions: [{ kind: 'setRouting', tenantId: state.tenantId, userId: state.userId, extension: state.extension, state: target }],
    next: { ...state, routingSent: { state: target, at: now } },
  };
}

export function planRouting(state: UserSyncState, policy: SyncPolicy, now: number): Plan {
  const read = state.teams;
  if (!read) return nothing(state, 'noRule', 'no Teams presence read yet');
  const paused = pausedReason(state);
  if (paused) return nothing(state, 'paused', paused);
  if (!policy.teamsToPbx.enabled) return nothing(state, 'disabled', 'Teams -> PBX is off for this tenant; nothing written');
  const echo = teamsEchoReason(state, read.presence, read.at, policy);
  if (echo) return nothing(state, 'echo', echo);

  const shown = formatPresence(read.presence);
  const { outcome: target, rule } = mapTeamsToRouting(policy, read.presence);
  const sent = state.routingSent?.state;
  if (target === 'noChange') {
    const release = policy.teamsToPbx.releaseTo;
    if (release && sent !== undefined && sent !== release) {
      return setRouting(
        state,
        release,
        now,
        `Teams ${shown} sets nothing on the PBX; releasing the ${sent} we set earlier -> ${release}`,
        rule,
      );
    }
    return nothing(state, 'noRule', `the rule leaves the PBX alone for Teams ${shown}`, rule);
  }
  // Skip a write that would not change anything: the PBX already carries this routing state from us.
  if (sent === target) return nothing(state, 'unchanged', `PBX routing is already ${target}; nothing to write`, rule);
  return setRouting(state, target, now, `Teams ${shown} -> routing ${target}`, rule);
}
