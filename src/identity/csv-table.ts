/**
 * Reading an admin's CSV file into named, trimmed values per row, with every problem as a row error rather
 * than an exception. Rows are numbered as a spreadsheet shows them: the header is row 1. The delimiter is
 * taken from the header line (a comma, or a semicolon as spreadsheets in many locales save it).
 */
import { parse } from 'csv-parse/sync';

export interface CsvRowError {
  /** 1 is the header row; 0 means the file as a whole. */
  row: number;
  /** The column the problem is in, or "line" for the row as a whole, or "file". */
  field: string;
  message: string;
}

export interface CsvRecord {
  row: number;
  /** Canonical column name -> trimmed value ('' when empty). Only the columns the spec knows. */
  values: Record<string, string>;
}

export interface CsvTableSpec {
  /** Each entry is one required column; several names in an entry are alternatives, e.g. [['userPrincipalName', 'userId'], ['extension']]. */
  required: string[][];
  optional?: string[];
  /** How the expected header reads in messages, e.g. "userPrincipalName (or userId),extension". */
  expected: string;
}

export interface CsvTable {
  /** The canonical names of the columns the file has. */
  columns: string[];
  records: CsvRecord[];
  errors: CsvRowError[];
}

/** Generous for a directory of 100,000 users, small enough that a wrong file is refused before parsing. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

export function readCsvTable(text: string, spec: CsvTableSpec): CsvTable {
  const table: CsvTable = { columns: [], records: [], errors: [] };
  if (Buffer.byteLength(text) > MAX_CSV_BYTES) {
    table.errors.push({ row: 0, field: 'file', message: `the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; split it or remove unused columns.` });
    return table;
  }
  const lineErrors: CsvRowError[] = [];
  const rows = parseRows(text, lineErrors);
  const header = rows.shift();
  if (!header || header.fields.every((f) => f.trim() === '')) {
    table.errors.push({ row: 1, field: 'file', message: `the file is empty; the first row must be the header: ${spec.expected}.` });
    return table;
  }

  const known = new Map<string, string>();
  for (const name of [...spec.required.flat(), ...(spec.optional ?? [])]) known.set(name.toLowerCase(), name);
  const columnAt: (string | undefined)[] = header.fields.map((field) => known.get(field.trim().toLowerCase()));
  columnAt.forEach((name, index) => {
    if (name && columnAt.indexOf(name) !== index) {
      table.errors.push({ row: header.row, field: name, message: `the header names the column "${name}" twice; keep one.` });
    }
  });
  table.columns = [...new Set(columnAt.filter((n): n is string => !!n))];
  for (const alternatives of spec.required) {
    if (alternatives.some((name) => table.columns.includes(name))) continue;
    table.errors.push({
      row: header.row,
      field: alternatives[0],
      message: `the header has no "${alternatives.join('" or "')}" column; expected headers: ${spec.expected}.`,
    });
  }
  if (table.errors.length > 0) return table;
  table.errors.push(...lineErrors);

  for (const { row, fields } of rows) {
    if (fields.every((f) => f.trim() === '')) continue; // a blank line
    const extra = fields.slice(header.fields.length);
    if (fields.length < header.fields.length || extra.some((f) => f.trim() !== '')) {
      table.errors.push({
        row,
        field: 'line',
        message: `malformed line: it has ${fields.length} fields, the header has ${header.fields.length}. ` +
          'Quote values that contain the delimiter, e.g. "Smith, Alice".',
      });
      continue;
    }
    const values: Record<string, string> = {};
    columnAt.forEach((name, index) => {
      if (name) values[name] = fields[index].trim();
    });
    table.records.push({ row, values });
  }
  return table;
}

/** Every record with the row it starts on; a line csv-parse cannot read becomes a row error. */
function parseRows(text: string, errors: CsvRowError[]): { row: number; fields: string[] }[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: { row: number; fields: string[] }[] = [];
  let lastLine = 0;
  parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err) => {
      const line = typeof err?.lines === 'number' ? err.lines : lastLine + 1;
      const row = Math.min(lastLine + 1, line);
      lastLine = line;
      if (errors.at(-1)?.row === row) return undefined; // the parser may stumble more than once on one line
      errors.push({
        row,
        field: 'line',
        message: `malformed line: ${err?.message ?? 'unreadable'}. Put quotes around values that contain quotes or the delimiter, and double the quotes inside them.`,
      });
      return undefined;
    },
    // Called in file order, interleaved with on_skip, so both see where the previous record ended.
    on_record: (record, context) => {
      rows.push({ row: lastLine + 1, fields: record });
      lastLine = context.lines;
      return null;
    },
  });
  return rows;
}
