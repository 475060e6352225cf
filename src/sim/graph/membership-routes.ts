/**
 * `GET /users/{id}/transitiveMemberOf` with the casts `/microsoft.graph.directoryRole` and
 * `/microsoft.graph.group`. Graph's rule for directoryObject collections is kept: an app that may list the
 * memberships (User.Read.All) but not read a member's type gets it with "limited information", only
 * `@odata.type` and `id`, every other property null. So without RoleManagement.Read.Directory (or
 * Directory.Read.All) a role comes back with `roleTemplateId: null`. One page: memberships are few.
 */
import { GraphApiError } from './errors';
import type { GraphContext, GraphRoute } from './graph-route';
import { jsonResponse, type SimRequest, type SimResponse } from './sim-http';

const LIST_MEMBERSHIPS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'GroupMember.Read.All',
  'Group.Read.All',
];
const READ_ROLES = ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const READ_GROUPS = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

type Kind = 'directoryRole' | 'group';

const route = (cast: '' | `/microsoft.graph.${Kind}`, kinds: Kind[]): GraphRoute => ({
  method: 'GET',
  pattern: new RegExp(`^/users/([^/]+)/transitiveMemberOf${cast.replace(/\./g, '\\.')}$`),
  endpoint: `transitiveMemberOf${cast}`,
  permissions: LIST_MEMBERSHIPS,
  presenceBudget: false,
  handle: (req, ctx, [user]) => listMemberships(req, ctx, decodeURIComponent(user), kinds),
});

export const membershipRoutes: GraphRoute[] = [
  route('/microsoft.graph.directoryRole', ['directoryRole']),
  route('/microsoft.graph.group', ['group']),
  route('', ['directoryRole', 'group']),
];

function listMemberships(req: SimRequest, ctx: GraphContext, userKey: string, kinds: Kind[]): SimResponse {
  const user = ctx.tenant.directory.get(userKey);
  if (!user)
    throw new GraphApiError(
      404,
      'Request_ResourceNotFound',
      `Resource '${userKey}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const may = (permissions: string[]) => permissions.some((p) => ctx.roles.has(p));
  const value: Record<string, unknown>[] = [];
  if (kinds.includes('directoryRole')) {
    const full = may(READ_ROLES);
    for (const r of ctx.tenant.memberships.rolesOf(user.id)) {
      value.push({
        '@odata.type': '#microsoft.graph.directoryRole',
        id: r.id,
        roleTemplateId: full ? r.roleTemplateId : null,
        displayName: null,
      });
    }
  }
  if (kinds.includes('group')) {
    const full = may(READ_GROUPS);
    for (const id of ctx.tenant.memberships.groupsOf(user.id))
      value.push({ '@odata.type': '#microsoft.graph.group', id, displayName: full ? `Group ${id.slice(0, 8)}` : null });
  }
  return jsonResponse(200, {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#directoryObjects`,
    value: select(value, req.query.get('$select')),
  });
}

/** $select keeps the named properties (and @odata.type, which Graph always sends on a cast-less list). */
function select(items: Record<string, unknown>[], selectParam: string | null): Record<string, unknown>[] {
  if (!selectParam) return items;
  const keep = new Set(['@odata.type', ...selectParam.split(',').map((s) => s.trim())]);
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))));
}
