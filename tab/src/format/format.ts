/** Plain-language formatting shared by the views. */
import type { TeamsPresence } from '../api/types';

export function presenceText(p: TeamsPresence | null | undefined): string {
  if (p === undefined) return '-';
  if (p === null) return 'cleared';
  return p.availability === p.activity ? p.availability : `${p.availability} / ${p.activity}`;
}

export function durationText(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}

export function timeText(at: number | undefined): string {
  return at === undefined ? '-' : new Date(at).toLocaleString();
}

export function countText(n: number | undefined): string {
  return n === undefined ? '-' : n.toLocaleString('en-US');
}

export type Severity = 'ok' | 'warning' | 'error';

/** A credential is a warning within 30 days of expiry and an error within 7 (or once it has expired). */
export function expirySeverity(daysLeft: number | undefined): Severity {
  if (daysLeft === undefined) return 'ok';
  if (daysLeft < 7) return 'error';
  if (daysLeft < 30) return 'warning';
  return 'ok';
}

export function expiryText(kind: string, daysLeft: number | undefined): string {
  const what = kind === 'certificate' ? 'The certificate' : kind === 'secret' ? 'The client secret' : 'The credential';
  if (daysLeft === undefined) return kind === 'none' ? 'No credential is set.' : `${what} has no known expiry date.`;
  if (daysLeft < 0) return `${what} expired ${Math.abs(Math.round(daysLeft))} days ago.`;
  if (daysLeft < 1) return `${what} expires today.`;
  return `${what} expires in ${Math.floor(daysLeft)} days.`;
}
