/**
 * Service principals, as Microsoft documents them (Get servicePrincipal, List servicePrincipals with
 * `$filter=appId eq '...'`, List appRoleAssignments granted to a service principal): the app's own service
 * principal, whose app role assignments are its admin-consented application permissions, and the Microsoft
 * Graph service principal, whose `appRoles` name them. Reading them needs Application.Read.All (or a broader
 * permission). An assignment is read from the grants of the moment: a permission granted a second ago is listed.
 */
import { createHash } from 'node:crypto';
import type { AppRegistration } from './app-registration';
import { GraphApiError } from './errors';
import { graphAppRoleId, graphAppRoles, MICROSOFT_GRAPH_APP_ID } from './graph-app-roles';
import type { GraphContext, GraphRoute } from './graph-route';
import { jsonResponse, type SimRequest, type SimResponse } from './sim-http';
import { servicePrincipalId } from './token-service';

const READ_APPLICATIONS = ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const LIST_ASSIGNMENTS = [...READ_APPLICATIONS, 'Application.ReadWrite.OwnedBy'];
const Q = "(?:'|%27)";
const BY_APP_ID = `\\(appId=${Q}([^'%]+)${Q}\\)`;

interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles: unknown[];
  app?: AppRegistration;
}

export const servicePrincipalRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^/servicePrincipals${BY_APP_ID}$`),
    endpoint: 'servicePrincipal',
    permissions: READ_APPLICATIONS,
    presenceBudget: false,
    handle: (req, ctx, [appId]) => entity(req, ctx, byAppId(ctx, appId)),
  },
  {
    method: 'GET',
    pattern: /^\/servicePrincipals\/([^/(]+)$/,
    endpoint: 'servicePrincipal',
    permissions: READ_APPLICATIONS,
    presenceBudget: false,
    handle: (req, ctx, [id]) => entity(req, ctx, byId(ctx, id)),
  },
  {
    method: 'GET',
    pattern: /^\/servicePrincipals$/,
    endpoint: 'servicePrincipals',
    permissions: READ_APPLICATIONS,
    presenceBudget: false,
    handle: list,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/servicePrincipals${BY_APP_ID}/appRoleAssignments$`),
    endpoint: 'appRoleAssignments',
    permissions: LIST_ASSIGNMENTS,
    presenceBudget: false,
    handle: (_req, ctx, [appId]) => assignments(ctx, byAppId(ctx, appId)),
  },
  {
    method: 'GET',
    pattern: /^\/servicePrincipals\/([^/(]+)\/appRoleAssignments$/,
    endpoint: 'appRoleAssignments',
    permissions: LIST_ASSIGNMENTS,
    presenceBudget: false,
    handle: (_req, ctx, [id]) => assignments(ctx, byId(ctx, id)),
  },
];

function graphServicePrincipal(ctx: GraphContext): ServicePrincipal {
  const granted = [...ctx.tenant.apps.values()].flatMap((a) => [...a.grantedPermissions]);
  return {
    id: stableGuid(`graph-sp:${ctx.tenant.tenantId}`),
    appId: MICROSOFT_GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appRoles: graphAppRoles(granted),
  };
}

function principals(ctx: GraphContext): ServicePrincipal[] {
  const apps = [...ctx.tenant.apps.values()]
    .filter((a) => a.consented && !a.deleted)
    .map((app) => ({ id: servicePrincipalId(app.clientId), appId: app.clientId, displayName: 'PresenceBridge', appRoles: [], app }));
  return [graphServicePrincipal(ctx), ...apps];
}

function notFound(key: string): GraphApiError {
  return new GraphApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function byAppId(ctx: GraphContext, appId: string): ServicePrincipal {
  const sp = principals(ctx).find((p) => p.appId.toLowerCase() === appId.toLowerCase());
  if (!sp) throw notFound(appId);
  return sp;
}

function byId(ctx: GraphContext, id: string): ServicePrincipal {
  const sp = principals(ctx).find((p) => p.id === id);
  if (!sp) throw notFound(id);
  return sp;
}

function shape(req: SimRequest, sp: ServicePrincipal): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoles: sp.appRoles,
  };
  const select = req.query.get('$select');
  if (!select) return full;
  const fields = select
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !(f in full));
  if (unknown)
    throw new GraphApiError(
      400,
      'Request_BadRequest',
      `Could not find a property named '${unknown}' on type 'microsoft.graph.servicePrincipal'.`,
    );
  return Object.fromEntries(fields.map((f) => [f, full[f]]));
}

function entity(req: SimRequest, ctx: GraphContext, sp: ServicePrincipal): SimResponse {
  return jsonResponse(200, { '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#servicePrincipals/$entity`, ...shape(req, sp) });
}

function list(req: SimRequest, ctx: GraphContext): SimResponse {
  const filter = req.query.get('$filter');
  let found = principals(ctx);
  if (filter !== null) {
    const m = /^appId eq '([^']+)'$/.exec(filter.trim());
    if (!m)
      throw new GraphApiError(
        400,
        'Request_UnsupportedQuery',
        `The simulator supports only $filter=appId eq '<id>' here, not '${filter}'.`,
      );
    found = found.filter((p) => p.appId.toLowerCase() === m[1].toLowerCase());
  }
  return jsonResponse(200, {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#servicePrincipals`,
    value: found.map((sp) => shape(req, sp)),
  });
}

function assignments(ctx: GraphContext, sp: ServicePrincipal): SimResponse {
  const graph = graphServicePrincipal(ctx);
  const value = [...(sp.app?.grantedPermissions ?? [])].map((permission) => ({
    id: stableGuid(`assignment:${sp.id}:${permission}`),
    deletedDateTime: null,
    appRoleId: graphAppRoleId(permission),
    createdDateTime: new Date(ctx.now).toISOString(),
    principalDisplayName: sp.displayName,
    principalId: sp.id,
    principalType: 'ServicePrincipal',
    resourceDisplayName: graph.displayName,
    resourceId: graph.id,
  }));
  return jsonResponse(200, {
    '@odata.context': `${ctx.origin}/${ctx.version}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignments`,
    value,
  });
}

function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
