/**
 * Which Microsoft Graph application permissions are granted to this app in a tenant, asked of Graph itself:
 * the app role assignments of the app's service principal, named through the Microsoft Graph service
 * principal's app roles. Access tokens are opaque to clients (Microsoft may encrypt them or change their
 * format), so nothing here reads one; and the list is read at the moment, so a permission granted a second
 * ago counts (Microsoft warns of a short replication delay). Needs Application.Read.All.
 */
import { z } from 'zod';
import type { GraphGetter } from './directory';
import { GraphRequestError } from './errors';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

const servicePrincipalIdSchema = z.object({ id: z.string() });
const graphServicePrincipalSchema = z.object({
  id: z.string(),
  appRoles: z.array(z.object({ id: z.string(), value: z.string().nullish() })),
});
const assignmentPageSchema = z.object({
  value: z.array(z.object({ appRoleId: z.string(), resourceId: z.string() })),
  '@odata.nextLink': z.string().optional(),
});

function parsed<T>(schema: z.ZodType<T>, answer: unknown, tenantId: string, what: string): T {
  const result = schema.safeParse(answer);
  if (!result.success)
    throw new GraphRequestError(
      tenantId,
      200,
      undefined,
      what,
      'the answer did not have the documented shape',
      'report this: Graph changed its answer.',
    );
  return result.data;
}

/** The names (e.g. Presence.Read.All) of the Graph application permissions granted to `clientId`'s service principal. */
export async function readGrantedGraphPermissions(client: GraphGetter, clientId: string): Promise<Set<string>> {
  const tenantId = client.tenantId ?? '';
  const own = parsed(
    servicePrincipalIdSchema,
    await client.get(`/servicePrincipals(appId='${encodeURIComponent(clientId)}')?$select=id`, {
      operation: "reading this app's service principal",
    }),
    tenantId,
    "reading this app's service principal",
  );
  const graph = parsed(
    graphServicePrincipalSchema,
    await client.get(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appRoles`, {
      operation: "reading Microsoft Graph's permission names",
    }),
    tenantId,
    "reading Microsoft Graph's permission names",
  );
  const names = new Map(graph.appRoles.map((r) => [r.id, r.value ?? undefined]));
  const granted = new Set<string>();
  let next: string | undefined = `/servicePrincipals/${encodeURIComponent(own.id)}/appRoleAssignments`;
  while (next) {
    const page: z.infer<typeof assignmentPageSchema> = parsed(
      assignmentPageSchema,
      await client.get(next, { operation: "listing this app's granted permissions" }),
      tenantId,
      "listing this app's granted permissions",
    );
    for (const a of page.value) {
      const name = a.resourceId === graph.id ? names.get(a.appRoleId) : undefined;
      if (name) granted.add(name);
    }
    next = page['@odata.nextLink'];
  }
  return granted;
}
