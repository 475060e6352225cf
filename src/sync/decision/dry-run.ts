/**
 * Dry run of a draft policy: which users' PBX routing and Teams session would change, from what to what.
 * Nothing is written; paused users are left out (nothing would be written for them).
 */
import type { SyncPolicy } from './policy';
import { reconcile } from './reconcile';
import type { RoutingState, TeamsPresence } from '../states';
import type { UserSyncState } from '../types';

export interface DryRunChange {
  tenantId: string;
  userId: string;
  extension: string;
  routing?: { from: RoutingState | null; to: RoutingState };
  teams?: { from: TeamsPresence | null; to: TeamsPresence | null };
  preferred?: { from: TeamsPresence | null; to: TeamsPresence | null };
  reasons: string[];
}

export function dryRun(draftPolicy: SyncPolicy, states: readonly UserSyncState[], now = 0): DryRunChange[] {
  const changes: DryRunChange[] = [];
  for (const state of states) {
    const r = reconcile(state, draftPolicy, now, 'dry run');
    if (r.actions.length === 0) continue;
    const change: DryRunChange = {
      tenantId: state.tenantId,
      userId: state.userId,
      extension: state.extension,
      reasons: r.traces.map((t) => `${t.rule ? `${t.rule}: ` : ''}${t.reason}`),
    };
    for (const a of r.actions) {
      if (a.kind === 'setRouting') change.routing = { from: state.routingSent?.state ?? null, to: a.state };
      else if (a.kind === 'setTeamsSession') change.teams = { from: state.teamsSent?.presence ?? null, to: a.presence };
      else if (a.kind === 'clearTeamsSession') change.teams = { from: state.teamsSent?.presence ?? null, to: null };
      else if (a.kind === 'setPreferredPresence') change.preferred = { from: state.preferredSent?.presence ?? null, to: a.presence };
      else change.preferred = { from: state.preferredSent?.presence ?? null, to: null };
    }
    changes.push(change);
  }
  return changes;
}
