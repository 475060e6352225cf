/**
 * The problems found in an admin's CSV file, kept to a bounded list: a wrong file of a million rows has a
 * million row errors, and holding them all (and sending them back) would cost more memory than the service
 * has. The first `maxListed` are kept and every one is counted; a problem with the file as a whole (too
 * large, too many rows) is always listed, ahead of the row errors.
 */

export interface CsvRowError {
  /** 1 is the header row; 0 means the file as a whole. */
  row: number;
  /** The column the problem is in, or "line" for the row as a whole, or "file". */
  field: string;
  message: string;
}

/** How much of a CSV file is read: enough for a directory of 100,000 users twice over. */
export interface CsvLimits {
  /** Data rows (the header and blank lines not counted); a file with more is refused without reading on. */
  maxRows: number;
  /** Row errors listed; more are counted but not kept. */
  maxErrors: number;
}

export const CSV_LIMITS: CsvLimits = { maxRows: 200_000, maxErrors: 1_000 };

const count = (n: number) => n.toLocaleString('en-US');

export class CsvProblems {
  private readonly listed: CsvRowError[] = [];
  private readonly fileProblems: CsvRowError[] = [];
  private total = 0;

  constructor(private readonly maxListed: number = CSV_LIMITS.maxErrors) {}

  add(error: CsvRowError): void {
    this.total++;
    if (this.listed.length < this.maxListed) this.listed.push(error);
  }

  /** The file as a whole cannot be imported (its rows are not looked at further). */
  refuseFile(message: string): void {
    this.fileProblems.push({ row: 0, field: 'file', message });
  }

  get fileRefused(): boolean {
    return this.fileProblems.length > 0;
  }

  get count(): number {
    return this.total + this.fileProblems.length;
  }

  /** File problems first, then the listed row errors by row, behind a note when some were left out. */
  list(): CsvRowError[] {
    const rows = [...this.listed].sort((a, b) => a.row - b.row);
    const note: CsvRowError[] =
      this.total > this.listed.length
        ? [
            {
              row: 0,
              field: 'file',
              message:
                `the file has ${this.fileRefused ? 'at least ' : ''}${count(this.total)} row errors; only the first ${count(this.maxListed)} are listed ` +
                `(at most ${count(this.maxListed)} are). Fix these and try again; if nearly every row is wrong, check that this is the right file and that its header is right.`,
            },
          ]
        : [];
    return [...this.fileProblems, ...note, ...rows];
  }
}
