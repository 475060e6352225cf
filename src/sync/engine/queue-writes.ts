/**
 * Puts a decision's trace entries and their actions into the user's waiting writes. A newer write for the same
 * slot replaces the waiting one (its entry says "superseded"); one the other side already has is not queued
 * (its entry says "skipped"). Entries without actions are recorded at once, in decision order.
 */
import type { TraceEntry } from '../types';
import type { WriteCounts } from './engine-stats';
import type { UserRecord } from './user-record';

export function queueWrites(rec: UserRecord, entries: readonly TraceEntry[], eventAt: number, counts: WriteCounts): void {
  for (const entry of entries) {
    const run = rec.traces.start(entry, eventAt);
    for (const action of entry.actions) {
      const { replaced, needed } = rec.queue({ action, run });
      if (replaced) {
        counts.superseded++;
        replaced.run.settle(replaced.action, 'superseded: a newer decision replaced this write before it ran');
      }
      if (!needed) {
        counts.skipped++;
        run.settle(action, 'skipped: the other side already has this (the waiting write was cancelled)');
      }
    }
    rec.releaseTraces();
  }
}
