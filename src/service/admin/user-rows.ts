/** The Users view: every Teams user with their mapping status and both current states, filtered and paged. */
import type { UserQuery, UserRow } from './admin-service';
import type { DirectoryUser, MappingConflict, MappingEntry, MappingOverride } from '../../identity';
import type { UserSyncState } from '../../sync/types';

export interface UserRowSources {
  directory: readonly DirectoryUser[];
  mapping: readonly MappingEntry[];
  conflicts: readonly MappingConflict[];
  overrides: readonly MappingOverride[];
  states: readonly UserSyncState[];
}

export function buildUserRows(s: UserRowSources): UserRow[] {
  const mapped = new Map(s.mapping.map((m) => [m.userId, m]));
  const overrides = new Map(s.overrides.map((o) => [o.userId, o]));
  const states = new Map(s.states.map((st) => [st.userId, st]));
  const inConflict = new Set(s.conflicts.flatMap((c) => c.userIds));
  return s.directory.map((u) => {
    const m = mapped.get(u.id);
    const o = overrides.get(u.id);
    const st = states.get(u.id);
    const status: UserRow['status'] =
      o && o.extension === null
        ? 'excluded'
        : m?.matchedBy === 'override'
          ? 'overridden'
          : m
            ? 'matched'
            : u.accountEnabled === false
              ? 'excluded'
              : inConflict.has(u.id)
                ? 'conflict'
                : 'unmatched';
    return {
      userId: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      extension: m?.extension,
      status,
      matchedBy: m?.matchedBy,
      teams: st?.teams?.presence,
      line: st?.line?.state,
      routing: st?.routingSent?.state,
      paused: st?.paused,
    };
  });
}

export function queryUserRows(rows: readonly UserRow[], q: UserQuery): { total: number; rows: UserRow[] } {
  const needle = q.search?.trim().toLowerCase();
  const matches = rows.filter(
    (r) =>
      (!q.status || r.status === q.status) &&
      (!needle || [r.displayName, r.userPrincipalName, r.mail, r.extension, r.userId].some((v) => v?.toLowerCase().includes(needle))),
  );
  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.min(500, Math.max(1, q.limit ?? 100));
  return { total: matches.length, rows: matches.slice(offset, offset + limit) };
}

/** Exact matches first (id, UPN, mail, extension); otherwise display names containing the text. */
export function findUserRows(rows: readonly UserRow[], who: string): UserRow[] {
  const w = who.trim().toLowerCase();
  if (!w) return [];
  const exact = rows.filter((r) => [r.userId, r.userPrincipalName, r.mail, r.extension].some((v) => v?.toLowerCase() === w));
  if (exact.length) return exact;
  return rows.filter((r) => r.displayName?.toLowerCase().includes(w)).slice(0, 20);
}
