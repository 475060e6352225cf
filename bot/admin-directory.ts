/**
 * Who may change things from the bot: a tenant's Global or Teams Administrators, or members of a configured
 * admin group. Asked of Microsoft Graph with the tenant's own app connection.
 */
import { CodedError } from '../src/coded-error';
import { z } from 'zod';

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
export const TEAMS_ADMINISTRATOR = '69091246-20e8-4a56-aa4d-066075b2a7a8';
const ADMIN_ROLE_TEMPLATES = new Set([GLOBAL_ADMINISTRATOR, TEAMS_ADMINISTRATOR]);

export interface AdminDirectory {
  isTenantAdmin(tenantId: string, aadObjectId: string): Promise<boolean>;
}

/** The one Graph call shape needed (TenantGraphClient.get fits). */
export interface GraphGetter {
  get<T>(pathOrUrl: string, call?: { operation?: string }): Promise<T>;
}

const page = z.object({
  value: z.array(z.object({ id: z.string().optional(), roleTemplateId: z.string().nullish() }).passthrough()),
  '@odata.nextLink': z.string().optional(),
});

export interface GraphAdminDirectoryOptions {
  /** The tenant's Graph client (undefined: the tenant is not connected). */
  graphFor(tenantId: string): GraphGetter | undefined;
  /** A group whose members are admins of PresenceBridge too, per tenant. */
  adminGroupId?(tenantId: string): string | undefined;
}

export class AdminCheckError extends CodedError {
  readonly code: string = 'adminCheckFailed';
  constructor(tenantId: string, cause: unknown, explained?: { problem: string; fix: string }) {
    super(
      explained?.problem ??
        `Could not check your admin roles in tenant ${tenantId}: ${cause instanceof Error ? cause.message : String(cause)}.`,
      explained?.fix ?? 'check the "errors" list; the app needs the Graph permission User.Read.All.',
      { cause, fixInMessage: ' Fix: ' },
    );
  }
}

/** Graph lists the user's roles but hides which they are: the app may list memberships, not read roles. */
export class RoleDetailsHiddenError extends AdminCheckError {
  override readonly code = 'roleDetailsHidden';
  constructor(tenantId: string) {
    super(tenantId, 'role details hidden', {
      problem: `Could not tell whether you are an administrator of tenant ${tenantId}: Microsoft Graph lists your directory roles without saying which they are.`,
      fix: 'in Entra admin center > App registrations > this app > API permissions, add Microsoft Graph application permission RoleManagement.Read.Directory and grant admin consent.',
    });
  }
}

export function createGraphAdminDirectory(options: GraphAdminDirectoryOptions): AdminDirectory {
  async function all(graph: GraphGetter, path: string, operation: string): Promise<Array<{ id?: string; roleTemplateId?: string | null }>> {
    const items: Array<{ id?: string; roleTemplateId?: string | null }> = [];
    let next: string | undefined = path;
    while (next) {
      const answer = page.parse(await graph.get<unknown>(next, { operation }));
      items.push(...answer.value);
      next = answer['@odata.nextLink'];
    }
    return items;
  }

  return {
    async isTenantAdmin(tenantId, aadObjectId) {
      const graph = options.graphFor(tenantId);
      if (!graph || !/^[0-9a-zA-Z-]+$/.test(aadObjectId)) return false;
      const user = encodeURIComponent(aadObjectId);
      try {
        const roles = await all(
          graph,
          `/users/${user}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId`,
          'checking the directory roles of a bot user',
        );
        if (roles.some((r) => r.roleTemplateId && ADMIN_ROLE_TEMPLATES.has(r.roleTemplateId))) return true;
        const group = options.adminGroupId?.(tenantId);
        const hidden = roles.some((r) => !r.roleTemplateId);
        if (group) {
          const groups = await all(
            graph,
            `/users/${user}/transitiveMemberOf/microsoft.graph.group?$select=id`,
            'checking the admin group membership of a bot user',
          );
          if (groups.some((g) => g.id?.toLowerCase() === group.toLowerCase())) return true;
        }
        if (hidden) throw new RoleDetailsHiddenError(tenantId);
        return false;
      } catch (error) {
        if (error instanceof AdminCheckError) throw error;
        throw new AdminCheckError(tenantId, error);
      }
    },
  };
}

/** Demo mode only (loopback, simulated tenant): everyone who talks to the bot is an admin. */
export const demoAdminDirectory: AdminDirectory = { isTenantAdmin: async () => true };
