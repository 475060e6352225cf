/**
 * The application permissions (app roles) that the Microsoft Graph service principal defines, with the ids
 * Microsoft publishes (the same in every tenant). An app's admin-consented permissions are app role
 * assignments pointing at these ids.
 */
import { createHash } from 'node:crypto';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

const KNOWN_ROLE_IDS: Record<string, string> = {
  'Presence.Read.All': 'a70e0c2d-e793-494c-94c4-118fa0a67f42',
  'Presence.ReadWrite.All': '83cded22-8297-4ff6-a7fa-e97e9545a259',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'TeamsUserConfiguration.Read.All': 'a91eadaf-2c3c-4362-908b-fb172d208fc6',
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
};

/** The role id of a permission; one the table does not know gets a stable made-up id. */
export function graphAppRoleId(permission: string): string {
  const known = KNOWN_ROLE_IDS[permission];
  if (known) return known;
  const h = createHash('sha256').update(`graph-app-role:${permission}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Graph service principal's `appRoles` entry for a permission (shape of Microsoft's appRole resource). */
export function graphAppRole(permission: string) {
  return {
    allowedMemberTypes: ['Application'],
    description: `Allows the app to use ${permission} without a signed-in user.`,
    displayName: permission,
    id: graphAppRoleId(permission),
    isEnabled: true,
    origin: 'Application',
    value: permission,
  };
}

/** Every permission the simulator knows, plus any an app in the tenant holds (so each assignment resolves). */
export function graphAppRoles(extra: Iterable<string>) {
  return [...new Set([...Object.keys(KNOWN_ROLE_IDS), ...extra])].map(graphAppRole);
}
