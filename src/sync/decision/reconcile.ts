/**
 * Re-evaluate a user from what we know, without an event: after a resume, a policy change, or as a dry run.
 * Both directions, same rules as decide(); a line state that reflects our own routing counts as an echo.
 */
import { standingLineEchoReason } from './echo';
import type { Plan } from './plan';
import { planRouting } from './plan-routing';
import { planTeams } from './plan-teams';
import type { SyncPolicy } from './policy';
import { traceEntry } from './trace-entry';
import type { SyncAction, TraceEntry, UserSyncState } from '../types';

export interface Reconciliation {
  next: UserSyncState;
  actions: SyncAction[];
  /** One entry per direction that has something to write. */
  traces: TraceEntry[];
  routing?: Plan;
  teams?: Plan;
}

export function reconcile(state: UserSyncState, policy: SyncPolicy, now: number, why = 're-evaluation'): Reconciliation {
  const traces: TraceEntry[] = [];
  let next = state;
  const actions: SyncAction[] = [];
  let routing: Plan | undefined;
  let teams: Plan | undefined;
  const record = (direction: TraceEntry['direction'], plan: Plan, event: string) => {
    next = plan.next;
    if (plan.actions.length === 0) return;
    actions.push(...plan.actions);
    traces.push(traceEntry(state, now, direction, event, plan));
  };
  if (next.teams) {
    routing = planRouting(next, policy, now);
    record('teamsToPbx', routing, `${why}: last Teams read`);
  }
  if (next.line) {
    teams = planTeams(next, policy, now, standingLineEchoReason(next));
    record('pbxToTeams', teams, `${why}: line ${next.line.state}`);
  }
  return { next, actions, traces, routing, teams };
}
