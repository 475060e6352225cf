/** The audit log in plain words: what each action means, and what a change changed (before -> after, per field). */
import type { AuditAction } from '../api/types';

export const ACTION_TEXT: Record<AuditAction, string> = {
  'setup.change': 'Setup changed',
  'consent.record': 'Admin consent recorded',
  'rules.save': 'Rules saved',
  'override.set': 'Override set',
  'override.clear': 'Override removed',
  'mapping.import': 'Mapping imported',
  'pbxUsers.import': 'PBX users imported',
  'sync.pause': 'Sync paused',
  'sync.resume': 'Sync resumed',
  'alertChannel.set': 'Alert channel chosen',
  'alertChannel.clear': 'Alerts turned off',
  'directory.acceptDrop': 'Directory refresh with a large drop accepted',
};

export interface FieldChange {
  /** Dotted path, e.g. "directions.pbxToTeams", "secrets.clientSecret". */
  path: string;
  before: string;
  after: string;
}

const MAX_VALUE = 80;

function valueText(value: unknown): string {
  if (value === undefined) return '-';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that differ between before and after, depth first; array items by position ("rules[2].routing"). */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if ((Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined) && (before ?? after) !== undefined) {
    const b = (before ?? []) as unknown[];
    const a = (after ?? []) as unknown[];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => fieldChanges(b[i], a[i], `${path}[${i}]`)).flat();
  }
  if (isPlainObject(before) || isPlainObject(after)) {
    const b = isPlainObject(before) ? before : {};
    const a = isPlainObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.flatMap((key) => fieldChanges(b[key], a[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || 'value', before: valueText(before), after: valueText(after) }];
}
