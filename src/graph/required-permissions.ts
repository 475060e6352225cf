/**
 * The Graph application permissions this product needs, what each is for, the optional one that only makes
 * the permission check exact, and which one a given call needs (so that a 403 can name the missing permission).
 */

export const REQUIRED_PERMISSIONS = [
  { name: 'Presence.Read.All', purpose: "read every user's Teams presence (polling)" },
  { name: 'Presence.ReadWrite.All', purpose: 'show telephone calls as Teams presence (presence sessions)' },
  { name: 'User.Read.All', purpose: 'read the user list to match Teams users to extensions' },
  { name: 'TeamsUserConfiguration.Read.All', purpose: 'read Teams phone numbers for matching by number' },
  {
    name: 'RoleManagement.Read.Directory',
    purpose: "tell tenant administrators from other users in the admin bot (Graph hides a role's template without it)",
  },
] as const;

/**
 * Not needed to run. Microsoft's least privilege for listing a service principal's app role assignments;
 * it also reads every app registration in the tenant, so an administrator may well refuse it, and then the
 * check probes each permission with a harmless call instead.
 */
export const OPTIONAL_PERMISSIONS = [
  {
    name: 'Application.Read.All',
    purpose: 'optional: lets the permission check list exactly which permissions are granted, instead of probing',
  },
] as const;

export type RequiredPermission = (typeof REQUIRED_PERMISSIONS)[number]['name'];
export type OptionalPermission = (typeof OPTIONAL_PERMISSIONS)[number]['name'];
export type CheckedPermission = RequiredPermission | OptionalPermission;

/** Permission a call needs, from its method and path (`/v1.0/users/x/presence/setPresence`, ...). */
export function permissionForCall(method: string, path: string): CheckedPermission | undefined {
  const p = path.split('?')[0].toLowerCase();
  if (p.includes('/presence/') && method.toUpperCase() === 'POST') return 'Presence.ReadWrite.All';
  if (p.includes('getpresencesbyuserid') || p.endsWith('/presence') || p.includes('/presences')) return 'Presence.Read.All';
  if (p.includes('/teams/userconfigurations')) return 'TeamsUserConfiguration.Read.All';
  if (p.includes('/serviceprincipals')) return 'Application.Read.All';
  if (/\/users(\/|$)|\/users\/delta/.test(p)) return 'User.Read.All';
  return undefined;
}

export function grantPermissionFix(permission: string | undefined): string {
  const which = permission ?? 'the permission the call needs';
  return `in Entra admin center > App registrations > this app > API permissions, add Microsoft Graph application permission ${which}, then press "Grant admin consent" (a Global Administrator must do it).`;
}
