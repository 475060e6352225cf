/**
 * Who counts as a PresenceBridge admin: a Global Administrator or Teams Administrator of the tenant (Entra
 * built-in role template ids, the same in every tenant), or a member of the admin group the deployment names.
 */
export const GLOBAL_ADMINISTRATOR_ROLE = '62e90394-69f5-4237-9190-012177145e10';
export const TEAMS_ADMINISTRATOR_ROLE = '69091246-20e8-4a56-aa4d-066075b2a7a8';
export const ADMIN_ROLE_TEMPLATE_IDS: readonly string[] = [GLOBAL_ADMINISTRATOR_ROLE, TEAMS_ADMINISTRATOR_ROLE];

/** Directory roles (template ids) and groups a user belongs to, from the token or from a lookup. */
export interface DirectoryMembership {
  roleTemplateIds: readonly string[];
  groupIds: readonly string[];
}

export function isAdminMembership(membership: DirectoryMembership, adminGroupId?: string): boolean {
  const roles = membership.roleTemplateIds.map((r) => r.toLowerCase());
  if (ADMIN_ROLE_TEMPLATE_IDS.some((id) => roles.includes(id))) return true;
  if (!adminGroupId) return false;
  const group = adminGroupId.toLowerCase();
  return membership.groupIds.some((g) => g.toLowerCase() === group);
}
