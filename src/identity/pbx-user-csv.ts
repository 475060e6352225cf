/**
 * The PBX user list as CSV, for PBXes that cannot list their users: extension, email, phoneNumber,
 * displayName, username. Only `extension` is required, as a column and in every row. Every row is checked
 * before anything is stored; one wrong row keeps the whole file out (all or nothing).
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { PbxUserRepository } from './repositories';
import type { PbxUser } from './types';
import { ImportRejectedError } from './errors';
import { CsvProblems, readCsvRecords, type CsvRowError, type CsvSource } from './csv-table';
import { normalisePhoneNumber } from './phone-number';

export const PBX_USER_CSV_COLUMNS = ['extension', 'email', 'phoneNumber', 'displayName', 'username'] as const;

export interface PbxUserImport {
  users: PbxUser[];
  /** Sorted by row. Any error means the list cannot be stored. */
  errors: CsvRowError[];
  /** Compared with the list stored now, by extension. */
  preview: { add: number; change: number; remove: number; unchanged: number };
}

const optional = <T extends z.ZodType<string, string>>(schema: T) =>
  z.union([z.literal(''), schema]).transform((v) => (v === '' ? undefined : v));

const rowSchema = z.object({
  extension: z
    .string()
    .min(1, 'the extension is empty; every row needs one')
    .max(64, 'the extension is longer than 64 characters')
    .regex(/^[^\s,;"]+$/, 'the extension contains blanks or separators; write it as the PBX shows it, e.g. 1001'),
  email: optional(z.email('is not an e-mail address, e.g. alice@contoso.com')),
  phoneNumber: optional(
    z
      .string()
      .refine(
        (v) => normalisePhoneNumber(v) !== undefined,
        'is not a phone number: use digits with an optional leading +, e.g. +49 30 1234567',
      ),
  ),
  displayName: optional(z.string().max(256, 'is longer than 256 characters')),
  username: optional(z.string().max(256, 'is longer than 256 characters')),
});

/** Columns the file does not have read as empty. */
const EMPTY_ROW = Object.fromEntries(PBX_USER_CSV_COLUMNS.map((c) => [c, '']));

export async function parsePbxUsersCsv(csv: CsvSource, current: readonly PbxUser[] = []): Promise<PbxUserImport> {
  const problems = new CsvProblems();
  const records = readCsvRecords(
    csv,
    {
      required: [['extension']],
      optional: PBX_USER_CSV_COLUMNS.filter((c) => c !== 'extension'),
      expected: PBX_USER_CSV_COLUMNS.join(','),
      tooManyRows: 'Keep only the PBX users who are also in Teams.',
    },
    problems,
  );
  const users: PbxUser[] = [];
  const rowOf = new Map<string, number>();
  for await (const { row, values } of records) {
    const parsed = rowSchema.safeParse({ ...EMPTY_ROW, ...values });
    if (!parsed.success) {
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'line');
        if (reported.has(field)) continue; // the first problem of a value says enough
        reported.add(field);
        problems.add({ row, field, message: field === 'extension' ? issue.message : `${field} "${values[field]}" ${issue.message}` });
      }
      continue;
    }
    const earlier = rowOf.get(parsed.data.extension);
    if (earlier !== undefined) {
      problems.add({
        row,
        field: 'extension',
        message: `extension ${parsed.data.extension} is already on row ${earlier}; keep one row per extension.`,
      });
      continue;
    }
    rowOf.set(parsed.data.extension, row);
    users.push(withoutEmptyFields(parsed.data));
  }
  if (problems.fileRefused) return { users: [], errors: problems.list(), preview: { add: 0, change: 0, remove: 0, unchanged: 0 } };
  return { users, errors: problems.list(), preview: previewOf(users, current) };
}

function withoutEmptyFields(user: { extension: string } & Partial<Record<keyof PbxUser, string | undefined>>): PbxUser {
  const result: PbxUser = { extension: user.extension };
  for (const key of PBX_USER_CSV_COLUMNS) if (user[key] !== undefined) result[key] = user[key];
  return result;
}

function previewOf(users: PbxUser[], current: readonly PbxUser[]): PbxUserImport['preview'] {
  const before = new Map(current.map((u) => [u.extension, u]));
  const preview = { add: 0, change: 0, remove: 0, unchanged: 0 };
  for (const user of users) {
    const old = before.get(user.extension);
    if (!old) preview.add++;
    else if (PBX_USER_CSV_COLUMNS.every((key) => (old[key] ?? '') === (user[key] ?? ''))) preview.unchanged++;
    else preview.change++;
    before.delete(user.extension);
  }
  preview.remove = before.size;
  return preview;
}

/** Stores the imported list in place of the old one; refuses an import with errors. */
export async function applyPbxUserImport(
  tenantId: string,
  imported: PbxUserImport,
  pbxUsers: Pick<PbxUserRepository, 'replace'>,
): Promise<void> {
  if (imported.errors.length > 0) throw new ImportRejectedError('PBX user list', imported.errors.length);
  await pbxUsers.replace(tenantId, imported.users);
}

export function exportPbxUsersCsv(users: readonly PbxUser[]): string {
  return stringify(
    users.map((u) => PBX_USER_CSV_COLUMNS.map((key) => u[key] ?? '')),
    { header: true, columns: [...PBX_USER_CSV_COLUMNS] },
  );
}
