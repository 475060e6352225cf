/** How one permission of the permission check is shown: its badge, and the text beside it. */
import type { PermissionReport } from '../api/types';

type PermissionRow = PermissionReport['permissions'][number];

export interface PermissionBadge {
  label: 'granted' | 'missing' | 'not verified' | 'optional, not granted';
  color: 'success' | 'danger' | 'warning' | 'informative';
}

export function permissionBadge(p: Pick<PermissionRow, 'state' | 'optional'>): PermissionBadge {
  if (p.state === 'granted') return { label: 'granted', color: 'success' };
  if (p.state === 'unverified') return { label: 'not verified', color: 'warning' };
  return p.optional ? { label: 'optional, not granted', color: 'informative' } : { label: 'missing', color: 'danger' };
}

/** The fix for a missing required permission; for one not verifiable, why; for a granted one, how it was found if not plain. */
export function permissionNote(p: Pick<PermissionRow, 'state' | 'optional' | 'detail' | 'fix'>): string {
  if (p.state === 'missing' && !p.optional) return p.fix ?? '';
  return p.detail ?? '';
}
