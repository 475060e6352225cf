/**
 * Matching Teams users to extensions, pure. Order of precedence:
 * 1. disabled accounts (accountEnabled false) are out, whatever else is said about them;
 * 2. admin overrides: an exclusion keeps the user out, a link wins over every strategy;
 * 3. the strategies in the order given, each over the users and extensions still free: the first strategy
 *    that matches a user uniquely wins. A key that reaches two users or two extensions is a conflict,
 *    reported and never resolved at random; a later strategy may still match the users involved.
 * An extension never maps to two users: two links to one extension are a conflict too, and neither is made.
 */
import { MATCH_STRATEGIES } from './types';
import type { DirectoryUser, MappingConflict, MappingEntry, MappingOverride, MatchStrategy, PbxUser } from './types';
import { MatchOptionsError } from './errors';
import { runMatchPass, type ExtensionRecord } from './match-pass';

export interface MatchInput {
  tenantId: string;
  directoryUsers: readonly DirectoryUser[];
  pbxUsers: readonly PbxUser[];
  /** Ordered: the first strategy that matches a user uniquely wins. */
  strategies: readonly MatchStrategy[];
  /** Overrides of other tenants are ignored. */
  overrides: readonly MappingOverride[];
}

export type ExclusionReason = 'account-disabled' | 'override';
export type IgnoredOverrideReason = 'unknown-user' | 'unknown-extension' | 'account-disabled';

export interface MatchResult {
  /** In the order of `directoryUsers`. */
  entries: MappingEntry[];
  /** Only conflicts that still leave one of their users or extensions unmatched. */
  conflicts: MappingConflict[];
  /** Enabled, not excluded, and not matched: Teams user ids. */
  unmatchedTeams: string[];
  /** Extensions no user is mapped to. */
  unmatchedPbx: string[];
  /** Teams user ids kept out of sync (disabled accounts and exclusion overrides). */
  excluded: string[];
  /** Why each excluded user is out. */
  exclusions: { userId: string; reason: ExclusionReason }[];
  /** Overrides that could not be honoured, for the admin to clean up. A user whose link is ignored stays unmatched. */
  ignoredOverrides: { userId: string; extension: string | null; reason: IgnoredOverrideReason }[];
}

export function matchUsers(input: MatchInput): MatchResult {
  const { tenantId } = input;
  assertKnownStrategies(input.strategies);

  const { users, userIndex } = indexUsers(input.directoryUsers);
  const { extensions, extensionIndex } = indexExtensions(input.pbxUsers);

  // Per index: who is still free for the strategies, who is matched (and how), who is out and why.
  const userFree = new Uint8Array(users.length).fill(1);
  const extensionFree = new Uint8Array(extensions.length).fill(1);
  const matchedExtension = new Int32Array(users.length).fill(-1);
  const matchedBy: (MappingEntry['matchedBy'] | undefined)[] = new Array(users.length);
  const exclusion: (ExclusionReason | undefined)[] = new Array(users.length);
  const extensionMapped = new Uint8Array(extensions.length);
  const link = (u: number, e: number, by: MappingEntry['matchedBy']) => {
    matchedExtension[u] = e;
    matchedBy[u] = by;
    extensionMapped[e] = 1;
    userFree[u] = 0;
    extensionFree[e] = 0;
  };

  users.forEach((user, u) => {
    if (user.accountEnabled === false) {
      exclusion[u] = 'account-disabled';
      userFree[u] = 0;
    }
  });

  const ignoredOverrides: MatchResult['ignoredOverrides'] = [];
  const linksByExtension = new Map<number, number[]>();
  for (const o of latestOverrides(tenantId, input.overrides)) {
    const ignore = (reason: IgnoredOverrideReason) => ignoredOverrides.push({ userId: o.userId, extension: o.extension, reason });
    const u = userIndex.get(o.userId);
    if (u === undefined) {
      ignore('unknown-user');
      continue;
    }
    if (o.extension === null) {
      exclusion[u] ??= 'override';
      userFree[u] = 0;
      continue;
    }
    const e = extensionIndex.get(o.extension);
    if (exclusion[u] === 'account-disabled') ignore('account-disabled');
    else if (e === undefined) {
      // The admin named this user's extension: no strategy may pick another one behind their back.
      ignore('unknown-extension');
      userFree[u] = 0;
    } else linksByExtension.set(e, [...(linksByExtension.get(e) ?? []), u]);
  }

  const conflicts: MappingConflict[] = [];
  for (const [e, linked] of linksByExtension) {
    if (linked.length === 1) {
      link(linked[0], e, 'override');
      continue;
    }
    linked.forEach((u) => (userFree[u] = 0));
    extensionFree[e] = 0;
    const extension = extensions[e].extension;
    conflicts.push({
      tenantId,
      key: `override:${extension}`,
      userIds: linked.map((u) => users[u].id).sort(),
      extensions: [extension],
      reason:
        `overrides link ${linked.length} Teams users to extension ${extension}, which can belong to only one, ` +
        'so none of these links is made. Remove all but one of these overrides.',
    });
  }

  for (const strategy of uniqueBy(input.strategies, (s) => s)) {
    const pass = runMatchPass({ tenantId, strategy, users, userFree, extensions, extensionFree });
    for (const [u, e] of pass.matches) link(u, e, strategy);
    conflicts.push(...pass.conflicts);
  }

  const result: MatchResult = {
    entries: [],
    conflicts: [],
    unmatchedTeams: [],
    unmatchedPbx: [],
    excluded: [],
    exclusions: [],
    ignoredOverrides,
  };
  users.forEach((user, u) => {
    const reason = exclusion[u];
    if (matchedExtension[u] >= 0) {
      result.entries.push({ tenantId, userId: user.id, extension: extensions[matchedExtension[u]].extension, matchedBy: matchedBy[u]! });
    } else if (reason) {
      result.excluded.push(user.id);
      result.exclusions.push({ userId: user.id, reason });
    } else result.unmatchedTeams.push(user.id);
  });
  extensions.forEach((record, e) => {
    if (!extensionMapped[e]) result.unmatchedPbx.push(record.extension);
  });
  // A conflict every member of which found a match through another key or strategy explains nothing any more.
  const userMapped = (id: string) => matchedExtension[userIndex.get(id)!] >= 0;
  const isMapped = (extension: string) => extensionMapped[extensionIndex.get(extension)!] === 1;
  result.conflicts = conflicts.filter((c) => !c.userIds.every(userMapped) || !c.extensions.every(isMapped));
  return result;
}

/** The latest decision per user counts; other tenants' overrides are not ours to apply. */
function latestOverrides(tenantId: string, overrides: readonly MappingOverride[]): MappingOverride[] {
  const latest = new Map<string, MappingOverride>();
  for (const o of overrides) {
    if (o.tenantId !== tenantId) continue;
    const seen = latest.get(o.userId);
    if (!seen || o.at >= seen.at) latest.set(o.userId, o);
  }
  return [...latest.values()];
}

/** Users by position, each id once (the first one listed wins). */
function indexUsers(directoryUsers: readonly DirectoryUser[]) {
  const users: DirectoryUser[] = [];
  const userIndex = new Map<string, number>();
  for (const user of directoryUsers) {
    if (!user.id || userIndex.has(user.id)) continue;
    userIndex.set(user.id, users.length);
    users.push(user);
  }
  return { users, userIndex };
}

/** A PBX may list one extension twice (two devices, say): it is still one extension. */
function indexExtensions(pbxUsers: readonly PbxUser[]) {
  const extensions: ExtensionRecord[] = [];
  const extensionIndex = new Map<string, number>();
  for (const entry of pbxUsers) {
    if (!entry.extension) continue;
    const index = extensionIndex.get(entry.extension);
    if (index !== undefined) extensions[index].entries.push(entry);
    else {
      extensionIndex.set(entry.extension, extensions.length);
      extensions.push({ extension: entry.extension, entries: [entry] });
    }
  }
  return { extensions, extensionIndex };
}

function assertKnownStrategies(strategies: readonly string[]): void {
  const unknown = strategies.filter((s) => !(MATCH_STRATEGIES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new MatchOptionsError(
      `unknown strategy ${unknown.join(', ')}; use any of ${MATCH_STRATEGIES.join(', ')}, in order of preference.`,
    );
  }
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
