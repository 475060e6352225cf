import {
  CsvProblems,
  readCsvRecords,
  type CsvLimits,
  type CsvRecord,
  type CsvSource,
  type CsvTableSpec,
} from '../../src/identity/csv-table';

const spec: CsvTableSpec = { required: [['name'], ['extension']], optional: ['note'], expected: 'name,extension' };

/** Every record and the listed problems, as the importers see them. */
async function readCsvTable(source: CsvSource, tableSpec: CsvTableSpec, limits?: CsvLimits) {
  const problems = new CsvProblems(limits?.maxErrors);
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(source, tableSpec, problems, limits)) records.push(record);
  return { records, errors: problems.list(), count: problems.count };
}

describe('readCsvTable', () => {
  test('numbers rows as the file shows them, across blank lines and quoted line breaks', async () => {
    const table = await readCsvTable('name,extension,note\nalice,1001,\n\nbob,1002,"two\nlines"\ncarol,1003,\n', spec);
    expect(table.errors).toEqual([]);
    expect(table.records.map((r) => [r.row, r.values.name])).toEqual([
      [2, 'alice'],
      [4, 'bob'],
      [6, 'carol'],
    ]);
    expect(table.records[1].values.note).toBe('two\nlines');
  });

  test.each([
    ['comma', 'name,extension\n"Smith; Alice",1001\n', 'Smith; Alice'],
    ['semicolon, as spreadsheets in many locales save it', 'name;extension\n"Smith, Alice";1001\n', 'Smith, Alice'],
    ['a byte order mark and CRLF line ends', '\ufeffName,Extension\r\n Alice ,1001\r\n', 'Alice'],
  ])('reads files with %s', async (_name, text, name) => {
    const table = await readCsvTable(text, spec);
    expect(table.errors).toEqual([]);
    expect(table.records).toEqual([{ row: 2, values: { name, extension: '1001' } }]);
  });

  test('ignores columns it does not know and trailing empty fields', async () => {
    const table = await readCsvTable('name,extension,department\nalice,1001,sales,,\n', spec);
    expect(table.errors).toEqual([]);
    expect(table.records[0].values).toEqual({ name: 'alice', extension: '1001' });
  });

  test('refuses a header that names a column twice', async () => {
    const table = await readCsvTable('name,extension,Name\nalice,1001,bob\n', spec);
    expect(table.errors).toEqual([{ row: 1, field: 'name', message: expect.stringMatching(/names the column "name" twice/) }]);
    expect(table.records).toEqual([]);
  });

  test('keeps reading after a malformed line, reporting it once', async () => {
    const table = await readCsvTable('name,extension\nal"ice",1001\nbob,1002\n', spec);
    expect(table.errors).toEqual([{ row: 2, field: 'line', message: expect.stringMatching(/^malformed line/) }]);
    expect(table.records.map((r) => r.values.name)).toEqual(['bob']);
  });
});

describe('readCsvRecords: limits', () => {
  const small: CsvLimits = { maxRows: 3, maxErrors: 2 };
  const rows = (n: number, line = (i: number) => `user${i},${1000 + i}`) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

  test.each<[string, string, number, RegExp[]]>([
    ['as many rows as the cap', `name,extension\n${rows(3)}\n`, 3, []],
    ['blank lines, which do not count', `name,extension\n\n${rows(3).replace(/\n/g, '\n\n')}\n,\n`, 3, []],
    [
      'one row over the cap',
      `name,extension\n${rows(4)}\n`,
      3,
      [
        /^the file has more than 3 rows; an import takes at most 3 \(not counting the header and blank lines\), so it was not read past row 5\. Check that this is the right file\. Split a longer list/,
      ],
    ],
    ['as many row errors as the cap', `name,extension\n${rows(2, () => 'a,b,c')}\n`, 0, [/^malformed line/, /^malformed line/]],
    [
      'more row errors than the cap',
      `name,extension\n${rows(3, () => 'a,b,c')}\n`,
      0,
      [
        /^the file has 3 row errors; only the first 2 are listed \(at most 2 are\)\. Fix these and try again/,
        /^malformed line/,
        /^malformed line/,
      ],
    ],
  ])('%s', async (_name, text, recordCount, messages) => {
    const table = await readCsvTable(text, spec, small);
    expect(table.records).toHaveLength(recordCount);
    expect(table.errors.map((e) => e.message)).toEqual(messages.map((m) => expect.stringMatching(m)));
  });

  test("a file over the row cap names the spec's way out", async () => {
    const table = await readCsvTable(`name,extension\n${rows(4)}\n`, { ...spec, tooManyRows: 'Remove the users not in Teams.' }, small);
    expect(table.errors).toEqual([
      { row: 0, field: 'file', message: expect.stringMatching(/right file\. Remove the users not in Teams\.$/) },
    ]);
  });

  test('counts the row errors past the cap without keeping them', async () => {
    const table = await readCsvTable(`name,extension\n${rows(3, () => 'a,b,c')}\n`, spec, small);
    expect(table.count).toBe(3);
    expect(table.errors.filter((e) => e.field === 'line').map((e) => e.row)).toEqual([2, 3]);
  });

  test('reads a source that arrives in pieces as it reads the same text whole', async () => {
    const text = 'name;extension;note\n"Smith; Ann";1001;"two\nlines"\nbob;1002;\u00e9t\u00e9 \ud83d\ude00\n';
    async function* bytewise() {
      for (const byte of Buffer.from(text)) yield Uint8Array.of(byte);
    }
    expect(await readCsvTable(bytewise(), spec)).toEqual(await readCsvTable(text, spec));
    expect((await readCsvTable(text, spec)).records.map((r) => r.values.note)).toEqual(['two\nlines', '\u00e9t\u00e9 \ud83d\ude00']);
  });
});

test('a source that fails part way (a request cut off) fails the reading with its error, without hanging', async () => {
  async function* cutOff() {
    yield 'name,extension\nalice,1001\n';
    throw new Error('aborted');
  }
  await expect(readCsvTable(cutOff(), spec)).rejects.toThrow('aborted');
});
