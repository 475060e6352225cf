/**
 * The guard against the failure other products are known for: a bad refresh replacing the mapping and every
 * user silently no longer syncing. Pure: it compares the mapping in force with the one a refresh computed.
 */
import type { MappingEntry } from './types';

export const DEFAULT_MAX_DROP_SHARE = 0.1;

export interface MappingChange {
  /** Mapped before, not any more, and not because an admin excluded them. */
  dropped: string[];
  /** Not mapped before, mapped now. */
  added: string[];
  /** Still mapped, to another extension. */
  moved: string[];
  /** dropped / mapped before (0 when nothing was mapped). */
  dropShare: number;
  /** More than the allowed share would be dropped: keep the mapping in force. */
  tooManyDropped: boolean;
}

export function judgeMappingChange(input: {
  current: readonly MappingEntry[];
  next: readonly MappingEntry[];
  /** Users an override excludes: the admin dropped them on purpose, so they do not count. */
  excludedByOverride: ReadonlySet<string>;
  maxDropShare: number;
}): MappingChange {
  const next = new Map(input.next.map((e) => [e.userId, e.extension]));
  const before = new Set<string>();
  const change: MappingChange = { dropped: [], added: [], moved: [], dropShare: 0, tooManyDropped: false };
  for (const entry of input.current) {
    before.add(entry.userId);
    const extension = next.get(entry.userId);
    if (extension === undefined) {
      if (!input.excludedByOverride.has(entry.userId)) change.dropped.push(entry.userId);
    } else if (extension !== entry.extension) change.moved.push(entry.userId);
  }
  for (const entry of input.next) if (!before.has(entry.userId)) change.added.push(entry.userId);
  change.dropShare = before.size === 0 ? 0 : change.dropped.length / before.size;
  change.tooManyDropped = change.dropShare > input.maxDropShare;
  return change;
}
