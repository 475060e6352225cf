/** What one direction's evaluation yields: an outcome, why, the actions, and the state after them. */
import type { SyncAction, TraceOutcome, UserSyncState } from '../types';

export interface Plan {
  outcome: TraceOutcome;
  reason: string;
  rule?: string;
  actions: SyncAction[];
  next: UserSyncState;
}

export function nothing(state: UserSyncState, outcome: TraceOutcome, reason: string, rule?: string): Plan {
  return { outcome, reason, rule, actions: [], next: state };
}

export function pausedReason(state: UserSyncState): string | undefined {
  return state.paused ? `sync paused for this user by ${state.paused.by}; nothing written` : undefined;
}
