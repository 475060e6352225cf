import { readCsvTable, type CsvTableSpec } from '../../src/identity/csv-table';

const spec: CsvTableSpec = { required: [['name'], ['extension']], optional: ['note'], expected: 'name,extension' };

describe('readCsvTable', () => {
  test('numbers rows as the file shows them, across blank lines and quoted line breaks', () => {
    const table = readCsvTable('name,extension,note\nalice,1001,\n\nbob,1002,"two\nlines"\ncarol,1003,\n', spec);
    expect(table.errors).toEqual([]);
    expect(table.records.map((r) => [r.row, r.values.name])).toEqual([[2, 'alice'], [4, 'bob'], [6, 'carol']]);
    expect(table.records[1].values.note).toBe('two\nlines');
  });

  test.each([
    ['comma', 'name,extension\n"Smith; Alice",1001\n', 'Smith; Alice'],
    ['semicolon, as spreadsheets in many locales save it', 'name;extension\n"Smith, Alice";1001\n', 'Smith, Alice'],
    ['a byte order mark and CRLF line ends', '\ufeffName,Extension\r\n Alice ,1001\r\n', 'Alice'],
  ])('reads files with %s', (_name, text, name) => {
    const table = readCsvTable(text, spec);
    expect(table.errors).toEqual([]);
    expect(table.records).toEqual([{ row: 2, values: { name, extension: '1001' } }]);
  });

  test('ignores columns it does not know and trailing empty fields', () => {
    const table = readCsvTable('name,extension,department\nalice,1001,sales,,\n', spec);
    expect(table.errors).toEqual([]);
    expect(table.columns).toEqual(['name', 'extension']);
    expect(table.records[0].values).toEqual({ name: 'alice', extension: '1001' });
  });

  test('refuses a header that names a column twice', () => {
    const table = readCsvTable('name,extension,Name\nalice,1001,bob\n', spec);
    expect(table.errors).toEqual([{ row: 1, field: 'name', message: expect.stringMatching(/names the column "name" twice/) }]);
    expect(table.records).toEqual([]);
  });

  test('keeps reading after a malformed line, reporting it once', () => {
    const table = readCsvTable('name,extension\nal"ice",1001\nbob,1002\n', spec);
    expect(table.errors).toEqual([{ row: 2, field: 'line', message: expect.stringMatching(/^malformed line/) }]);
    expect(table.records.map((r) => r.values.name)).toEqual(['bob']);
  });
});
