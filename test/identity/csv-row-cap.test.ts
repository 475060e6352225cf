/**
 * A huge file (the ~6 MB, 1.5-million-row CSV that used to run the service out of memory) is refused at
 * the row cap: the importers stop reading there instead of building an object per row.
 */
import { AdminInputError } from '../../src/service/admin/admin-service';
import { CSV_LIMITS, parsePbxUsersCsv, planOverrideImport } from '../../src/identity/csv';
import type { PbxUser } from '../../src/identity/types';
import { importPbxUsers } from '../../src/service/admin/mapping-files';
import type { Store } from '../../src/store/store';
import { TENANT } from './identity-fixtures';

const TOTAL_ROWS = 1_500_000;
/** 200,000 rows are read before the cap: on a busy machine that takes a while (no time is asserted). */
const SLOW = 120_000;
const ROWS_PER_CHUNK = 10_000;

/** "extension" and 1.5 million short distinct extensions, made as they are read, counting what was read. */
function hugeFile() {
  const read = { chunks: 0, rows: 0 };
  async function* chunks() {
    yield 'extension\n';
    for (let from = 0; from < TOTAL_ROWS; from += ROWS_PER_CHUNK) {
      let text = '';
      for (let i = from; i < from + ROWS_PER_CHUNK; i++) text += `${i.toString(36)}\n`;
      read.chunks++;
      read.rows = from + ROWS_PER_CHUNK;
      yield Buffer.from(text);
    }
  }
  return { source: chunks(), read };
}

test('the caps are the documented ones: 200,000 rows and 1,000 listed errors', () => {
  expect(CSV_LIMITS).toEqual({ maxRows: 200_000, maxErrors: 1_000 });
});

test(
  'a 1.5-million-row PBX user list is refused at the row cap, naming it, after reading little more than the cap',
  async () => {
    const { source, read } = hugeFile();
    const result = await parsePbxUsersCsv(source, [{ extension: '1' }]);
    expect(result.errors).toEqual([
      {
        row: 0,
        field: 'file',
        message: expect.stringMatching(
          /^the file has more than 200,000 rows; an import takes at most 200,000 .*not read past row 200,002\. .*Keep only the PBX users who are also in Teams\.$/,
        ),
      },
    ]);
    expect(result.users).toEqual([]);
    expect(result.preview).toEqual({ add: 0, change: 0, remove: 0, unchanged: 0 });
    expect(read.rows).toBeLessThan(CSV_LIMITS.maxRows + 5 * ROWS_PER_CHUNK);
    expect(read.rows).toBeLessThan(TOTAL_ROWS / 5);
  },
  SLOW,
);

test(
  'a 1.5-million-row override file given whole is refused the same way and changes nothing',
  async () => {
    const text = `userId,extension\n${Array.from({ length: TOTAL_ROWS }, (_, i) => `u${i.toString(36)},`).join('\n')}\n`;
    const plan = await planOverrideImport({ tenantId: TENANT, csv: text, directoryUsers: [], pbxUsers: [], current: [], mode: 'replace' });
    expect(plan.errors[0]).toEqual({
      row: 0,
      field: 'file',
      message: expect.stringMatching(/more than 200,000 rows.*Only users whom the automatic matching links wrongly/),
    });
    // Every row names an unknown user: the cap keeps 1,000 of them, behind a note with the count up to the row cap.
    expect(plan.errors[1].message).toMatch(/^the file has at least 200,000 row errors; only the first 1,000 are listed/);
    expect(plan.errors).toHaveLength(2 + 1_000);
    expect(plan.preview).toEqual({ add: [], change: [], remove: [], unchanged: 0, summary: { links: 0, exclusions: 0, total: 0 } });
  },
  SLOW,
);

test(
  'importing a 1.5-million-row body (as the pbx-users import route hands it over) is refused with the cap named, and stores nothing',
  async () => {
    const stored: PbxUser[][] = [];
    const store = {
      pbxUsers: { list: async () => [], replace: async (_t: string, users: PbxUser[]) => void stored.push(users) },
    } as unknown as Store;
    const body = `extension\n${Array.from({ length: TOTAL_ROWS }, (_, i) => i.toString(36)).join('\n')}\n`;
    expect(Buffer.byteLength(body)).toBeGreaterThan(6_000_000);
    const refused = await importPbxUsers(store, TENANT, body).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AdminInputError);
    expect((refused as AdminInputError).problems).toEqual([
      { path: 'row 0.file', message: expect.stringMatching(/more than 200,000 rows/) },
    ]);
    expect(stored).toEqual([]);
  },
  SLOW,
);
