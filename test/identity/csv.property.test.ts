/**
 * Properties of reading admins' CSV files: any text is read into records and row errors without an exception,
 * how the bytes arrive does not change what is read, and what the exports write the imports read back.
 */
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { CsvProblems, readCsvRecords, type CsvRecord, type CsvSource, type CsvTableSpec } from '../../src/identity/csv-table';
import { exportOverridesCsv, exportPbxUsersCsv, parsePbxUsersCsv, planOverrideImport } from '../../src/identity/csv';
import type { PbxUser } from '../../src/identity/types';
import { extension, link, teamsUser, TENANT } from './identity-fixtures';

const RUNS = { numRuns: 150 };
const spec: CsvTableSpec = { required: [['name'], ['extension']], optional: ['note'], expected: 'name,extension' };

async function read(source: CsvSource, limits = { maxRows: 50, maxErrors: 5 }) {
  const problems = new CsvProblems(limits.maxErrors);
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(source, spec, problems, limits)) records.push(record);
  return { records, errors: problems.list(), count: problems.count };
}

async function* inPieces(text: string, cuts: number[]) {
  const bytes = Buffer.from(text);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  for (const [i, start] of [0, ...at].entries()) yield bytes.subarray(start, [...at, bytes.length][i]);
}

const header = fc.constantFrom(
  'name,extension',
  'name;extension',
  'Name,Extension,note',
  '\ufeffname,extension',
  'extension',
  'name,name,extension',
  '',
);
const csvPiece = fc.oneof(
  fc.constantFrom(',', ';', '"', '""', '\n', '\r\n', '\r', ' ', 'a', '1001', 'é', '☎', '😀'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const csvText = fc.tuple(header, fc.array(csvPiece, { maxLength: 60 })).map(([h, pieces]) => `${h}\n${pieces.join('')}`);

describe('readCsvRecords (properties)', () => {
  test('any text gives records and row errors, never an exception; rows ascend and errors stay within the cap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvText, fc.string({ unit: 'binary', maxLength: 200 })), async (text) => {
        const { records, errors, count } = await read(text);
        const rows = records.map((r) => r.row);
        expect(rows).toEqual([...rows].sort((a, b) => a - b));
        expect(new Set(rows).size).toBe(rows.length);
        for (const r of records) expect(r.row).toBeGreaterThanOrEqual(2);
        expect(errors.filter((e) => e.row > 0 || !/row errors; only the first/.test(e.message)).length).toBeLessThanOrEqual(5 + 1);
        expect(count).toBeGreaterThanOrEqual(errors.filter((e) => !/row errors; only the first/.test(e.message)).length);
      }),
      RUNS,
    );
  });

  test('the same bytes cut anywhere, even inside a character, read the same as the whole text', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 10 }), async (text, cuts) => {
        expect(await read(inPieces(text, cuts))).toEqual(await read(text));
      }),
      RUNS,
    );
  });

  test('cells written by csv-stringify read back trimmed, on the rows a spreadsheet shows', async () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 });
    const row = fc.tuple(
      cell.filter((c) => c.trim() !== ''),
      cell,
      cell,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), fc.constantFrom(',', ';'), async (rows, delimiter) => {
        const text = stringify([['name', 'extension', 'note'], ...rows], { delimiter });
        const { records, errors } = await read(text);
        expect(errors).toEqual([]);
        expect(records.map((r) => r.values)).toEqual(
          rows.map(([name, ext, note]) => ({ name: name.trim(), extension: ext.trim(), note: note.trim() })),
        );
        let line = 2;
        expect(records.map((r) => r.row)).toEqual(
          rows.map((r) => {
            const at = line;
            line += r.join('').split(/\r\n|\r|\n/).length;
            return at;
          }),
        );
      }),
      RUNS,
    );
  });
});

describe('CSV exports read back by the imports (properties)', () => {
  const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max }).map((s) => s.trim());
  const pbxUser: fc.Arbitrary<PbxUser> = fc
    .record(
      {
        extension: fc.stringMatching(/^[0-9*#+]{1,8}$/),
        email: fc.stringMatching(/^[a-z][a-z0-9.]{0,8}@[a-z]{1,8}\.[a-z]{2,4}$/).filter((e) => !e.includes('..') && !e.includes('.@')),
        phoneNumber: fc.stringMatching(/^\+[1-9]\d{5,12}$/),
        displayName: text(30),
        username: text(20),
      },
      { requiredKeys: ['extension'] },
    )
    .map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== '')) as unknown as PbxUser);

  test('the PBX user list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(pbxUser, { selector: (u) => u.extension, maxLength: 10 }), async (users) => {
        const imported = await parsePbxUsersCsv(exportPbxUsersCsv(users), users);
        expect(imported.errors).toEqual([]);
        expect(imported.users).toEqual(users);
        expect(imported.preview).toEqual({ add: 0, change: 0, remove: 0, unchanged: users.length });
      }),
      RUNS,
    );
  });

  test('the mapping overrides, whatever the display names hold', async () => {
    const ids = ['u1', 'u2', 'u3', 'u4'];
    const people = fc.tuple(...ids.map(() => fc.string({ unit: 'grapheme', maxLength: 20 })));
    const overrides = fc
      .uniqueArray(fc.tuple(fc.constantFrom(...ids), fc.option(fc.constantFrom('1001', '1002', '1003', '1004'), { nil: null })), {
        selector: ([id]) => id,
        maxLength: 4,
      })
      .filter((list) => new Set(list.map(([, e]) => e).filter((e) => e !== null)).size === list.filter(([, e]) => e !== null).length);
    await fc.assert(
      fc.asyncProperty(people, overrides, async (names, list) => {
        const directoryUsers = ids.map((id, i) => teamsUser(id, { userPrincipalName: `${id}@contoso.com`, displayName: names[i] }));
        const current = list.map(([id, ext]) => link(id, ext));
        const plan = await planOverrideImport({
          tenantId: TENANT,
          csv: exportOverridesCsv(current, directoryUsers),
          directoryUsers,
          pbxUsers: ['1001', '1002', '1003', '1004'].map((e) => extension(e)),
          current,
        });
        expect(plan.errors).toEqual([]);
        expect(plan.preview).toMatchObject({ add: [], change: [], remove: [], unchanged: list.length });
      }),
      RUNS,
    );
  });
});
