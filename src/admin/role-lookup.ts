/**
 * The admin check when the token carries no `wids` claim (it depends on the app registration's optional
 * claims): ask Microsoft Graph which directory roles and groups the signed-in user is in.
 *
 * Production wiring: `graphGet` exchanges the user's SSO token on behalf of the user (msal-node
 * `acquireTokenOnBehalfOf`, delegated scope `Directory.Read.All` or `RoleManagement.Read.Directory`) and
 * GETs the URL with it. The on-behalf-of exchange cannot be simulated here, so it stays a port; this file
 * owns the Graph query, paging and parsing.
 */
import { z } from 'zod';
import type { DirectoryMembership } from './admin-roles';

export type RoleLookup = (tenantId: string, userId: string, userToken: string) => Promise<DirectoryMembership>;

/** GET a Microsoft Graph URL (absolute, or a path under https://graph.microsoft.com) as the signed-in user. */
export type DelegatedGraphGet = (tenantId: string, url: string, userToken: string) => Promise<unknown>;

const FIRST_PAGE = '/v1.0/me/transitiveMemberOf?$select=id,roleTemplateId&$top=999';
/** A user in more than 50,000 groups is not a realistic case; the bound only stops a looping nextLink. */
const MAX_PAGES = 50;

const pageSchema = z.object({
  value: z.array(z.object({ '@odata.type': z.string().optional(), id: z.string(), roleTemplateId: z.string().nullish() })),
  '@odata.nextLink': z.string().optional(),
});

export function createGraphRoleLookup(graphGet: DelegatedGraphGet): RoleLookup {
  return async (tenantId, _userId, userToken) => {
    const roleTemplateIds: string[] = [];
    const groupIds: string[] = [];
    let url: string | undefined = FIRST_PAGE;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const parsed = pageSchema.parse(await graphGet(tenantId, url, userToken));
      for (const item of parsed.value) {
        const type = item['@odata.type'] ?? '';
        if (type.endsWith('directoryRole') && item.roleTemplateId) roleTemplateIds.push(item.roleTemplateId);
        else if (type.endsWith('group')) groupIds.push(item.id);
      }
      url = parsed['@odata.nextLink'];
    }
    return { roleTemplateIds, groupIds };
  };
}
