/**
 * Mapping overrides as CSV, for admins who keep them in a spreadsheet. Columns: `userPrincipalName` (or
 * `userId`, or both) and `extension`; an empty extension keeps the user out of sync. `displayName` is
 * written on export for the reader and ignored on import.
 * An import is planned first: the plan previews which overrides it adds, changes and removes, and lists every
 * row error. It is applied only when no row is wrong (all or nothing).
 */
import { stringify } from 'csv-stringify/sync';
import type { MappingRepository } from './repositories';
import type { DirectoryUser, MappingOverride, PbxUser } from './types';
import { ImportRejectedError } from './errors';
import { CsvProblems, readCsvRecords, type CsvRowError, type CsvSource } from './csv-table';
import { normaliseAddress } from './match-keys';

export const OVERRIDE_CSV_COLUMNS = ['userPrincipalName', 'userId', 'extension', 'displayName'] as const;

/** replace: the file is the whole list, overrides missing from it are removed. merge: the file only adds and changes. */
export type OverrideImportMode = 'replace' | 'merge';

export interface OverrideImportInput {
  tenantId: string;
  csv: CsvSource;
  directoryUsers: readonly DirectoryUser[];
  pbxUsers: readonly PbxUser[];
  current: readonly MappingOverride[];
  mode?: OverrideImportMode;
}

export interface OverrideRowChange {
  row: number;
  userId: string;
  userPrincipalName?: string;
  /** null: excluded from sync. */
  extension: string | null;
}

export interface OverrideImportPreview {
  add: OverrideRowChange[];
  change: (OverrideRowChange & { previous: string | null })[];
  remove: { userId: string; userPrincipalName?: string; extension: string | null }[];
  unchanged: number;
  /** The overrides there would be afterwards. */
  summary: { links: number; exclusions: number; total: number };
}

export interface OverrideImportPlan {
  tenantId: string;
  mode: OverrideImportMode;
  /** Over the rows without errors: what the file would do once they are all fixed. */
  preview: OverrideImportPreview;
  /** Sorted by row. Any error means the plan cannot be applied. */
  errors: CsvRowError[];
}

const EXPECTED_HEADER = 'userPrincipalName (or userId), extension';

export async function planOverrideImport(input: OverrideImportInput): Promise<OverrideImportPlan> {
  const mode = input.mode ?? 'replace';
  const problems = new CsvProblems();
  const records = readCsvRecords(
    input.csv,
    {
      required: [['userPrincipalName', 'userId'], ['extension']],
      optional: ['displayName'],
      expected: EXPECTED_HEADER,
      tooManyRows:
        'Only users whom the automatic matching links wrongly, or who are to be kept out of sync, need a row: remove the others.',
    },
    problems,
  );
  const byUpn = new Map<string, DirectoryUser>();
  const byId = new Map<string, DirectoryUser>();
  for (const user of input.directoryUsers) {
    const upn = normaliseAddress(user.userPrincipalName);
    if (upn) byUpn.set(upn, user);
    byId.set(user.id.toLowerCase(), user);
  }
  const knownExtensions = new Set(input.pbxUsers.map((p) => p.extension));
  const current = new Map(input.current.filter((o) => o.tenantId === input.tenantId).map((o) => [o.userId, o]));

  const rows = new Map<string, OverrideRowChange>(); // userId -> the row that sets it
  const extensionRow = new Map<string, OverrideRowChange>();
  for await (const { row, values } of records) {
    const fail = (field: string, message: string) => problems.add({ row, field, message });
    const user = resolveUser(values, byUpn, byId, fail);
    if (!user) continue;
    const extension = values.extension === '' ? null : values.extension;
    if (extension !== null && !knownExtensions.has(extension)) {
      fail('extension', `extension "${extension}" is not known on the PBX; check the number, or import the PBX user list first.`);
      continue;
    }
    const earlier = rows.get(user.id);
    if (earlier) {
      fail(
        values.userPrincipalName ? 'userPrincipalName' : 'userId',
        `${describe(user)} is already on row ${earlier.row}; keep one row per user.`,
      );
      continue;
    }
    if (extension !== null) {
      const taken = extensionRow.get(extension);
      if (taken) {
        fail(
          'extension',
          `extension ${extension} is already linked to ${taken.userPrincipalName ?? taken.userId} on row ${taken.row}; an extension belongs to one user.`,
        );
        continue;
      }
    }
    const change: OverrideRowChange = { row, userId: user.id, userPrincipalName: user.userPrincipalName, extension };
    rows.set(user.id, change);
    if (extension !== null) extensionRow.set(extension, change);
  }

  if (problems.fileRefused)
    rows.clear(); // the file is not imported, so it changes nothing
  else if (mode === 'merge') {
    // Overrides the file leaves alone still hold their extensions.
    for (const o of current.values()) {
      if (o.extension === null || rows.has(o.userId)) continue;
      const clash = extensionRow.get(o.extension);
      if (clash) {
        problems.add({
          row: clash.row,
          field: 'extension',
          message:
            `extension ${o.extension} is already linked to ${describe(byId.get(o.userId.toLowerCase()) ?? { id: o.userId })} by an existing override; ` +
            'change or exclude that user in the same file, or import in replace mode.',
        });
      }
    }
  }

  // A refused file has no rows left, and in merge mode no rows means the overrides stay as they are.
  const preview = previewOf(rows, current, byId, problems.fileRefused ? 'merge' : mode);
  return { tenantId: input.tenantId, mode, preview, errors: problems.list() };
}

function resolveUser(
  values: Record<string, string>,
  byUpn: Map<string, DirectoryUser>,
  byId: Map<string, DirectoryUser>,
  fail: (field: string, message: string) => void,
): DirectoryUser | undefined {
  const upn = values.userPrincipalName ?? '';
  const id = values.userId ?? '';
  if (!upn && !id) {
    fail('userPrincipalName', "no user: give the user's userPrincipalName (or userId).");
    return undefined;
  }
  const byName = upn ? byUpn.get(upn.toLowerCase()) : undefined;
  const byObjectId = id ? byId.get(id.toLowerCase()) : undefined;
  if (upn && !byName) {
    fail(
      'userPrincipalName',
      `no Teams user has the userPrincipalName "${upn}"; check the spelling, or refresh the directory if the user is new.`,
    );
    return undefined;
  }
  if (id && !byObjectId) {
    fail('userId', `no Teams user has the id "${id}" (deleted?); remove the row, or refresh the directory if the user is new.`);
    return undefined;
  }
  if (byName && byObjectId && byName.id !== byObjectId.id) {
    fail('userId', `userPrincipalName "${upn}" and userId "${id}" name two different users; keep only one of the two columns filled in.`);
    return undefined;
  }
  return byName ?? byObjectId;
}

function describe(user: Pick<DirectoryUser, 'id' | 'userPrincipalName'>): string {
  return user.userPrincipalName ?? user.id;
}

function previewOf(
  rows: Map<string, OverrideRowChange>,
  current: Map<string, MappingOverride>,
  byId: Map<string, DirectoryUser>,
  mode: OverrideImportMode,
): OverrideImportPreview {
  const preview: OverrideImportPreview = { add: [], change: [], remove: [], unchanged: 0, summary: { links: 0, exclusions: 0, total: 0 } };
  const after = new Map<string, string | null>();
  for (const change of rows.values()) {
    const existing = current.get(change.userId);
    if (!existing) preview.add.push(change);
    else if (existing.extension !== change.extension) preview.change.push({ ...change, previous: existing.extension });
    else preview.unchanged++;
    after.set(change.userId, change.extension);
  }
  for (const o of current.values()) {
    if (rows.has(o.userId)) continue;
    if (mode === 'replace') {
      preview.remove.push({
        userId: o.userId,
        userPrincipalName: byId.get(o.userId.toLowerCase())?.userPrincipalName,
        extension: o.extension,
      });
    } else after.set(o.userId, o.extension);
  }
  for (const extension of after.values()) {
    if (extension === null) preview.summary.exclusions++;
    else preview.summary.links++;
  }
  preview.summary.total = after.size;
  return preview;
}

/**
 * Applies a plan through the repository, one override at a time (the port has no bulk write). Refuses a plan
 * with errors, so a wrong file changes nothing.
 */
export async function applyOverrideImport(
  plan: OverrideImportPlan,
  mappings: Pick<MappingRepository, 'putOverride' | 'deleteOverride'>,
  by: string,
  at: number,
): Promise<void> {
  if (plan.errors.length > 0) throw new ImportRejectedError('mapping overrides', plan.errors.length);
  for (const removed of plan.preview.remove) await mappings.deleteOverride(plan.tenantId, removed.userId);
  for (const { userId, extension } of [...plan.preview.add, ...plan.preview.change]) {
    await mappings.putOverride({ tenantId: plan.tenantId, userId, extension, by, at });
  }
}

/** A spreadsheet would run a cell that starts like a formula; display names come from the directory, not from us. */
function inertForSpreadsheets(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function exportOverridesCsv(overrides: readonly MappingOverride[], directoryUsers: readonly DirectoryUser[]): string {
  const byId = new Map(directoryUsers.map((u) => [u.id, u]));
  const rows = overrides.map((o) => {
    const user = byId.get(o.userId);
    return [user?.userPrincipalName ?? '', o.userId, o.extension ?? '', inertForSpreadsheets(user?.displayName ?? '')];
  });
  rows.sort((a, b) => (a[0] || a[1]).localeCompare(b[0] || b[1]));
  return stringify(rows, { header: true, columns: [...OVERRIDE_CSV_COLUMNS] });
}
