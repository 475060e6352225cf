/**
 * Decide, then do: given what is open and what holds now, which alerts to raise, which to resolve, and which
 * are silently replaced by a newer member of their group. Pure; the engine performs the result.
 */
import type { AlertCondition } from './alert-types';

export interface OpenAlert {
  condition: AlertCondition;
  openedAt: number;
  threadId?: string;
}

export interface ReconcilePlan {
  raise: AlertCondition[];
  /** Open alerts whose condition cleared: a "resolved" message each. */
  resolve: OpenAlert[];
  /** Open alerts replaced by another condition of the same group (no "resolved": the new alert says it all). */
  supersede: OpenAlert[];
  /** When each present condition was first seen, carried to the next round (for `holdMs`). */
  firstSeen: Map<string, number>;
}

export function reconcileAlerts(
  open: ReadonlyMap<string, OpenAlert>,
  present: readonly AlertCondition[],
  firstSeenBefore: ReadonlyMap<string, number>,
  now: number,
): ReconcilePlan {
  const byKey = new Map<string, AlertCondition>();
  for (const condition of present) if (!byKey.has(condition.key)) byKey.set(condition.key, condition);

  const firstSeen = new Map<string, number>();
  for (const key of byKey.keys()) firstSeen.set(key, firstSeenBefore.get(key) ?? now);

  const raise: AlertCondition[] = [];
  const supersede: OpenAlert[] = [];
  const superseded = new Set<string>();
  for (const condition of byKey.values()) {
    if (open.has(condition.key)) continue;
    if (now - firstSeen.get(condition.key)! < (condition.holdMs ?? 0)) continue;
    raise.push(condition);
    if (condition.group === undefined) continue;
    for (const [key, alert] of open) {
      if (key !== condition.key && alert.condition.group === condition.group && !superseded.has(key)) {
        superseded.add(key);
        supersede.push(alert);
      }
    }
  }

  const resolve: OpenAlert[] = [];
  for (const [key, alert] of open) {
    if (!byKey.has(key) && !superseded.has(key)) resolve.push(alert);
  }
  return { raise, resolve, supersede, firstSeen };
}
