/**
 * One directory refresh for one tenant: read the Teams directory delta and the PBX user list, recompute the
 * mapping, and replace the stored mapping only when the result can be trusted. A fetch that fails, a listing
 * that comes back empty, or a result that would drop more than the allowed share of mapped users keeps the
 * last good mapping (and the stored directory and PBX list it was computed from), and says so in an alert.
 * Everything it touches is injected; it never throws for a failed fetch, only for a failing store.
 */
import type { DirectoryRepository, MappingRepository, PbxUserRepository } from './repositories';
import type { Clock } from '../time/clock';
import type { DirectoryUser, MappingConflict, MappingEntry, MatchStrategy, PbxUser } from './types';
import type { DirectoryAlert } from './directory-alert';
import { applyDirectoryDelta, type DirectoryDelta } from './directory-delta';
import { matchUsers, type MatchResult } from './match';
import { DEFAULT_MAX_DROP_SHARE, judgeMappingChange } from './refresh-guard';
import { matchInputsFingerprint } from './refresh-fingerprint';

/** The parts of the Store a refresh uses. */
export interface RefreshStore {
  directory: Pick<DirectoryRepository, 'listUsers' | 'applyDelta' | 'getDeltaLink'>;
  pbxUsers: Pick<PbxUserRepository, 'list' | 'replace'>;
  mappings: Pick<MappingRepository, 'list' | 'conflicts' | 'overrides' | 'replace'>;
}

export interface DirectoryRefreshDeps {
  store: RefreshStore;
  /** One users-delta round from `deltaLink` (a full listing without one), Teams phone numbers filled in. */
  fetchDirectoryDelta(tenantId: string, deltaLink: string | undefined): Promise<DirectoryDelta>;
  /** Absent when the PBX cannot list its users: the stored list (from a CSV import) is used. */
  listPbxUsers?(tenantId: string): Promise<PbxUser[]>;
  clock: Clock;
}

export type RefreshPhase = 'queued' | 'fetching-directory' | 'listing-pbx-users' | 'matching' | 'saving' | 'done';

export interface RefreshProgress {
  tenantId: string;
  phase: RefreshPhase;
  counts: { directoryUsers?: number; pbxUsers?: number; matched?: number };
}

export interface DirectoryRefreshOptions {
  tenantId: string;
  /** In order of preference. */
  strategies: readonly MatchStrategy[];
  /** Share of mapped users (0..1) a refresh may drop before it is refused. Default 0.1. */
  maxDropShare?: number;
  /** The admin has seen the drop alert and accepts the drop. Failed or empty fetches are refused all the same. */
  acceptDrop?: boolean;
  /** false: recompute from what is stored (after an override change or an import), without fetching. */
  fetch?: boolean;
  onProgress?(progress: RefreshProgress): void;
  /**
   * The previous refresh's result (its `match` may be left out). When it stored (or confirmed) a mapping, a
   * users-delta round that reports no change and the same PBX list, overrides and strategies ends as
   * 'unchanged' with its summary (and match, if kept), without reading the stored directory or matching again.
   */
  previous?: DirectoryRefreshResult;
}

export interface DirectoryRefreshSummary {
  directoryUsers: number;
  pbxUsers: number;
  matched: number;
  unmatchedTeams: number;
  unmatchedPbx: number;
  conflicts: number;
  overridden: number;
  excluded: number;
  dropped: number;
  added: number;
}

export interface DirectoryRefreshResult {
  tenantId: string;
  at: number;
  /** replaced: the new mapping is stored; unchanged: it equals the stored one; kept-last-good: refused, see `alert`. */
  outcome: 'replaced' | 'unchanged' | 'kept-last-good';
  /** Users mapped now (after a refusal: in the mapping that was kept). */
  mapped: number;
  /** What the computed mapping looks like; absent when nothing could be computed (a failed fetch). */
  summary?: DirectoryRefreshSummary;
  /** The computed match, for the tab's unmatched and conflict lists. */
  match?: MatchResult;
  alert?: DirectoryAlert;
  /** Of the PBX list, overrides and strategies the match was computed from (see refresh-fingerprint.ts). */
  inputsFingerprint?: string;
}

export async function refreshDirectory(deps: DirectoryRefreshDeps, options: DirectoryRefreshOptions): Promise<DirectoryRefreshResult> {
  const { store, clock } = deps;
  const { tenantId } = options;
  const progress = (phase: RefreshPhase, counts: RefreshProgress['counts'] = {}) => options.onProgress?.({ tenantId, phase, counts });
  const current = await store.mappings.list(tenantId);
  const keep = (alert: DirectoryAlert, extra: Partial<DirectoryRefreshResult> = {}): DirectoryRefreshResult => {
    progress('done', { matched: current.length });
    return { tenantId, at: clock.now(), outcome: 'kept-last-good', mapped: current.length, alert, ...extra };
  };
  const failed = (source: 'teams' | 'pbx', what: string, cause?: unknown) =>
    keep({
      kind: 'directory-fetch-failed',
      tenantId,
      message:
        `${what}, so the last good mapping (${current.length} users) is kept. ` +
        (source === 'teams'
          ? 'Check the app registration, its consent and the network, then refresh again.'
          : 'Check the PBX connection (or import its user list), then refresh again.'),
      detail: { source, mappedUsers: current.length, ...(cause === undefined ? {} : { error: describeError(cause) }) },
    });

  // 1. The Teams directory. The stored users are read only once the round is known to need them.
  progress('fetching-directory');
  let fetched: DirectoryDelta | undefined;
  if (options.fetch !== false) {
    try {
      fetched = await deps.fetchDirectoryDelta(tenantId, await store.directory.getDeltaLink(tenantId));
    } catch (err) {
      return failed('teams', 'The Teams user list could not be read', err);
    }
  }
  const previous = options.previous;
  const directoryUnchanged = fetched !== undefined && !fetched.fullResync && fetched.upserts.length === 0 && fetched.removals.length === 0;
  const reusable =
    directoryUnchanged && previous?.summary && previous.inputsFingerprint && previous.outcome !== 'kept-last-good' ? previous : undefined;
  let directory: DirectoryUser[] = [];
  let delta: (DirectoryDelta & { mergedUpserts: DirectoryUser[] }) | undefined;
  if (!reusable) {
    // A full listing replaces the stored directory, so there is nothing to read for it.
    if (!fetched?.fullResync) directory = await store.directory.listUsers(tenantId);
    if (fetched) {
      const applied = applyDirectoryDelta(directory, fetched);
      if (applied.users.length === 0) return failed('teams', 'The Teams user list came back empty');
      directory = applied.users;
      delta = { ...fetched, mergedUpserts: applied.upserts };
    }
  }

  // 2. The PBX users.
  progress('listing-pbx-users', { directoryUsers: reusable ? reusable.summary!.directoryUsers : directory.length });
  let pbxUsers: PbxUser[];
  let pbxListed = false;
  if (deps.listPbxUsers && options.fetch !== false) {
    try {
      pbxUsers = await deps.listPbxUsers(tenantId);
    } catch (err) {
      return failed('pbx', 'The PBX user list could not be read', err);
    }
    if (pbxUsers.length === 0) return failed('pbx', 'The PBX listed no users');
    pbxListed = true;
  } else pbxUsers = await store.pbxUsers.list(tenantId);
  const overrides = await store.mappings.overrides(tenantId);
  const inputsFingerprint = matchInputsFingerprint({ tenantId, pbxUsers, overrides, strategies: options.strategies });

  if (reusable && reusable.inputsFingerprint === inputsFingerprint) {
    // Nothing the mapping depends on changed: keep it, and only remember the new delta link.
    progress('saving', { directoryUsers: reusable.summary!.directoryUsers, pbxUsers: pbxUsers.length, matched: reusable.mapped });
    await store.directory.applyDelta(tenantId, { upserts: [], removals: [], deltaLink: fetched!.deltaLink, fullResync: false });
    progress('done', { directoryUsers: reusable.summary!.directoryUsers, pbxUsers: pbxUsers.length, matched: reusable.mapped });
    return {
      tenantId,
      at: clock.now(),
      outcome: 'unchanged',
      mapped: reusable.mapped,
      summary: reusable.summary,
      match: reusable.match,
      inputsFingerprint,
    };
  }
  if (reusable) {
    // The PBX list or the overrides changed: match again over the stored directory (the delta is empty).
    directory = await store.directory.listUsers(tenantId);
    delta = { ...fetched!, mergedUpserts: [] };
  }

  // 3. Matching, then the guard.
  const counts = { directoryUsers: directory.length, pbxUsers: pbxUsers.length };
  progress('matching', counts);
  const match = matchUsers({ tenantId, directoryUsers: directory, pbxUsers, strategies: options.strategies, overrides });
  const excludedByOverride = new Set(match.exclusions.filter((e) => e.reason === 'override').map((e) => e.userId));
  const maxDropShare = options.maxDropShare ?? DEFAULT_MAX_DROP_SHARE;
  const change = judgeMappingChange({ current, next: match.entries, excludedByOverride, maxDropShare });
  const summary: DirectoryRefreshSummary = {
    ...counts,
    matched: match.entries.length,
    unmatchedTeams: match.unmatchedTeams.length,
    unmatchedPbx: match.unmatchedPbx.length,
    conflicts: match.conflicts.length,
    overridden: match.entries.filter((e) => e.matchedBy === 'override').length,
    excluded: match.excluded.length,
    dropped: change.dropped.length,
    added: change.added.length,
  };
  if (change.tooManyDropped && !options.acceptDrop) {
    const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
    return keep(
      {
        kind: 'directory-would-drop-users',
        tenantId,
        message:
          `This refresh would stop syncing ${change.dropped.length} of ${current.length} mapped users (${percent(change.dropShare)}, ` +
          `more than the allowed ${percent(maxDropShare)}), so the last good mapping is kept. If the users really left, ` +
          'accept the change from the tab; otherwise check the directory and the PBX user list.',
        detail: {
          dropped: change.dropped.length,
          mappedUsers: current.length,
          dropShare: change.dropShare,
          maxDropShare,
          sample: change.dropped.slice(0, 20),
        },
      },
      { summary, match, inputsFingerprint },
    );
  }

  // 4. Saving: the directory and PBX list the mapping was computed from, then the mapping itself.
  progress('saving', { ...counts, matched: match.entries.length });
  if (delta) {
    await store.directory.applyDelta(tenantId, {
      upserts: delta.mergedUpserts,
      removals: delta.removals,
      deltaLink: delta.deltaLink,
      fullResync: delta.fullResync,
    });
  }
  if (pbxListed) await store.pbxUsers.replace(tenantId, pbxUsers);
  // Rewriting an identical mapping would only churn a transaction over every row: skip it.
  const unchanged = sameMapping(current, await store.mappings.conflicts(tenantId), match);
  if (!unchanged) await store.mappings.replace(tenantId, match.entries, match.conflicts);
  progress('done', { ...counts, matched: match.entries.length });
  return {
    tenantId,
    at: clock.now(),
    outcome: unchanged ? 'unchanged' : 'replaced',
    mapped: match.entries.length,
    summary,
    match,
    inputsFingerprint,
  };
}

function sameMapping(entries: readonly MappingEntry[], conflicts: readonly MappingConflict[], next: MatchResult): boolean {
  if (entries.length !== next.entries.length || conflicts.length !== next.conflicts.length) return false;
  const before = new Map(entries.map((e) => [e.userId, `${e.extension}\u0000${e.matchedBy}`]));
  if (!next.entries.every((e) => before.get(e.userId) === `${e.extension}\u0000${e.matchedBy}`)) return false;
  const conflictText = (c: MappingConflict) => JSON.stringify([c.key, [...c.userIds].sort(), [...c.extensions].sort(), c.reason]);
  const conflictsBefore = new Set(conflicts.map(conflictText));
  return next.conflicts.every((c) => conflictsBefore.has(conflictText(c)));
}

/** The error's own words for the alert detail; a stack or a request body has no place there. */
function describeError(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}
