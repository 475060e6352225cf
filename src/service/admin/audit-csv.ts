/** The audit log as a CSV file: one row per change, newest first; before and after as JSON. */
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from './admin-service';

export const AUDIT_CSV_COLUMNS = ['at', 'by', 'action', 'target', 'before', 'after'] as const;

/** A spreadsheet would run a cell that starts like a formula; names come from people, not from us. */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const json = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => [new Date(e.at).toISOString(), e.by, e.action, e.target ?? '', json(e.before), json(e.after)].map(inert));
  return stringify(rows, { header: true, columns: [...AUDIT_CSV_COLUMNS] });
}
