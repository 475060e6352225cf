/**
 * Builds the trace entry of a decision. Entries wait in memory until their writes are answered (at start-up,
 * or after a rule change, one per user), so their texts are stored compactly: V8 keeps a string built from a
 * template as a tree of its pieces (~30 bytes a piece, ~20 pieces per entry), and looking a string up as a
 * property name makes V8 replace it by one flat, shared copy (the same rule and reason text of thousands of
 * users is then stored once). An entry takes ~0.5 KB instead of ~1.1 KB; pure, no I/O.
 */
import type { Plan } from './plan';
import type { Direction, TraceEntry, UserSyncState } from '../types';

const NAMES: Record<string, never> = Object.create(null);

function compact(text: string): string {
  void (text in NAMES);
  return text;
}

export function traceEntry(
  state: Pick<UserSyncState, 'tenantId' | 'userId'>,
  now: number,
  direction: Direction,
  event: string,
  plan: Pick<Plan, 'outcome' | 'reason' | 'rule' | 'actions'>,
): TraceEntry {
  const e: TraceEntry = {
    tenantId: state.tenantId,
    userId: state.userId,
    at: now,
    direction,
    event: compact(event),
    outcome: plan.outcome,
    reason: compact(plan.reason),
    actions: plan.actions,
  };
  if (plan.rule !== undefined) e.rule = compact(plan.rule);
  return e;
}
