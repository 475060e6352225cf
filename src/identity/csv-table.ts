/**
 * Reading an admin's CSV file into named, trimmed values per row, with every problem as a row error rather
 * than an exception. Rows are numbered as a spreadsheet shows them: the header is row 1. The delimiter is
 * taken from the header line (a comma, or a semicolon as spreadsheets in many locales save it).
 *
 * The file is parsed as a stream and handed on one record at a time, so memory stays flat whatever the file
 * holds: past `maxRows` data rows the file is refused and nothing more is read, and row errors beyond
 * `maxErrors` are only counted (see CsvProblems).
 */
import { Readable, pipeline } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { CSV_LIMITS, CsvProblems, type CsvLimits } from './csv-problems';
import { openCsvBytes, type CsvSource } from './csv-source';

export { CSV_LIMITS, CsvProblems, type CsvLimits, type CsvRowError } from './csv-problems';
export { MAX_CSV_BYTES, type CsvSource } from './csv-source';

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
  /** What to do with a file that has too many rows, e.g. "keep only the users whose match is wrong". */
  tooManyRows?: string;
}

/** Records parsed ahead of the reader: enough to keep the stream machinery out of the way, few enough to hold. */
const RECORDS_AHEAD = 1024;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The data records of the file, in file order. Header problems, unreadable lines, malformed rows and a file
 * over the limits go to `problems`; a file whose header is wrong yields no records.
 */
export async function* readCsvRecords(
  source: CsvSource,
  spec: CsvTableSpec,
  problems: CsvProblems,
  limits: CsvLimits = CSV_LIMITS,
): AsyncGenerator<CsvRecord> {
  const lines = parseLines(source, problems);
  try {
    const first = await lines.next();
    const header = first.done ? undefined : first.value;
    if (!header || header.fields.every((f) => f.trim() === '')) {
      if (!problems.fileRefused)
        problems.add({ row: 1, field: 'file', message: `the file is empty; the first row must be the header: ${spec.expected}.` });
      return;
    }
    const columnAt = columnsOf(header, spec, problems);
    if (!columnAt) return;

    let rows = 0;
    for await (const { row, fields } of lines) {
      if (problems.fileRefused) return;
      if (fields.every((f) => f.trim() === '')) continue; // a blank line
      if (++rows > limits.maxRows) {
        problems.refuseFile(
          `the file has more than ${count(limits.maxRows)} rows; an import takes at most ${count(limits.maxRows)} ` +
            `(not counting the header and blank lines), so it was not read past row ${count(row)}. ` +
            `Check that this is the right file. ${spec.tooManyRows ?? 'Split a longer list into files of at most this many rows.'}`,
        );
        return;
      }
      const extra = fields.slice(header.fields.length);
      if (fields.length < header.fields.length || extra.some((f) => f.trim() !== '')) {
        problems.add({
          row,
          field: 'line',
          message:
            `malformed line: it has ${fields.length} fields, the header has ${header.fields.length}. ` +
            'Quote values that contain the delimiter, e.g. "Smith, Alice".',
        });
        continue;
      }
      const values: Record<string, string> = {};
      columnAt.forEach((name, index) => {
        if (name) values[name] = fields[index].trim();
      });
      yield { row, values };
    }
  } finally {
    await lines.return(undefined);
  }
}

/** The spec's column name at each position of the header, or undefined (after listing why) when the header is wrong. */
function columnsOf(header: Line, spec: CsvTableSpec, problems: CsvProblems): (string | undefined)[] | undefined {
  const known = new Map<string, string>();
  for (const name of [...spec.required.flat(), ...(spec.optional ?? [])]) known.set(name.toLowerCase(), name);
  const columnAt = header.fields.map((field) => known.get(field.trim().toLowerCase()));
  let wrong = false;
  columnAt.forEach((name, index) => {
    if (name && columnAt.indexOf(name) !== index) {
      problems.add({ row: header.row, field: name, message: `the header names the column "${name}" twice; keep one.` });
      wrong = true;
    }
  });
  for (const alternatives of spec.required) {
    if (alternatives.some((name) => columnAt.includes(name))) continue;
    problems.add({
      row: header.row,
      field: alternatives[0],
      message: `the header has no "${alternatives.join('" or "')}" column; expected headers: ${spec.expected}.`,
    });
    wrong = true;
  }
  return wrong ? undefined : columnAt;
}

interface Line {
  row: number;
  fields: string[];
}

/** Every record with the row it starts on; a line csv-parse cannot read becomes a row error. */
async function* parseLines(source: CsvSource, problems: CsvProblems): AsyncGenerator<Line> {
  const file = await openCsvBytes(source, problems);
  if (!file) return;
  let lastLine = 0;
  let lastSkippedRow = 0;
  const options: Options<Line, string[]> & { readableHighWaterMark: number } = {
    readableHighWaterMark: RECORDS_AHEAD,
    bom: true,
    delimiter: delimiterOf(file.firstLine),
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err) => {
      const line = typeof err?.lines === 'number' ? err.lines : lastLine + 1;
      const row = Math.min(lastLine + 1, line);
      lastLine = line;
      if (lastSkippedRow === row) return undefined; // the parser may stumble more than once on one line
      lastSkippedRow = row;
      problems.add({
        row,
        field: 'line',
        message: `malformed line: ${err?.message ?? 'unreadable'}. Put quotes around values that contain quotes or the delimiter, and double the quotes inside them.`,
      });
      return undefined;
    },
    // Called in file order, interleaved with on_skip, so both see where the previous record ended.
    on_record: (record: string[], context) => {
      const line: Line = { row: lastLine + 1, fields: record };
      lastLine = context.lines;
      return line;
    },
  };
  const parser = parse(options as unknown as Options); // the typings know the record type only with `columns`
  // Chunks go in as the records are taken out, so only a chunk's worth of records is ever held.
  const input = Readable.from(file.bytes, { objectMode: false });
  pipeline(input, parser, () => undefined); // an early stop shows here as a premature close; a real error reaches the loop below
  try {
    for await (const line of parser as AsyncIterable<Line>) yield line;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function delimiterOf(firstLine: string): ',' | ';' {
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}
