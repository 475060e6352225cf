/**
 * Directory roles and groups of a simulated tenant's users, as `transitiveMemberOf` lists them. A role is
 * Graph's activated directoryRole: a tenant-specific object id plus the roleTemplateId that is the same in
 * every tenant (Global Administrator 62e90394-...). Nesting is not modelled: memberships are given flat.
 */
import { createHash } from 'node:crypto';

export interface RoleMembership {
  id: string;
  roleTemplateId: string;
}

/** A GUID-shaped id, stable per tenant and role template (real tenants give each activated role its own). */
function roleObjectId(tenantId: string, roleTemplateId: string): string {
  const h = createHash('sha256').update(`${tenantId}/${roleTemplateId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class Memberships {
  private readonly roles = new Map<string, Set<string>>();
  private readonly groups = new Map<string, Set<string>>();

  constructor(private readonly tenantId: string) {}

  assignRole(userId: string, roleTemplateId: string): void {
    this.setOf(this.roles, userId).add(roleTemplateId.toLowerCase());
  }

  removeRole(userId: string, roleTemplateId: string): void {
    this.roles.get(userId)?.delete(roleTemplateId.toLowerCase());
  }

  addToGroup(userId: string, groupId: string): void {
    this.setOf(this.groups, userId).add(groupId.toLowerCase());
  }

  removeFromGroup(userId: string, groupId: string): void {
    this.groups.get(userId)?.delete(groupId.toLowerCase());
  }

  rolesOf(userId: string): RoleMembership[] {
    return [...(this.roles.get(userId) ?? [])].map((roleTemplateId) => ({
      id: roleObjectId(this.tenantId, roleTemplateId),
      roleTemplateId,
    }));
  }

  groupsOf(userId: string): string[] {
    return [...(this.groups.get(userId) ?? [])];
  }

  private setOf(map: Map<string, Set<string>>, userId: string): Set<string> {
    let set = map.get(userId);
    if (!set) map.set(userId, (set = new Set()));
    return set;
  }
}
