import { OPTIONAL_PERMISSIONS, permissionForCall, REQUIRED_PERMISSIONS } from '../../src/graph/required-permissions';

test.each([
  ['POST', '/communications/getPresencesByUserId', 'Presence.Read.All'],
  ['GET', '/users/abc/presence', 'Presence.Read.All'],
  ['POST', '/users/abc/presence/setPresence', 'Presence.ReadWrite.All'],
  ['POST', '/users/abc/presence/clearUserPreferredPresence', 'Presence.ReadWrite.All'],
  ['GET', '/users/delta?$select=id', 'User.Read.All'],
  ['GET', '/users?$top=1', 'User.Read.All'],
  ['GET', '/admin/teams/userConfigurations', 'TeamsUserConfiguration.Read.All'],
  ['GET', "/servicePrincipals(appId='0000')?$select=id", 'Application.Read.All'],
  ['GET', '/v1.0/servicePrincipals/sp-1/appRoleAssignments', 'Application.Read.All'],
  ['GET', '/organization', undefined],
])('%s %s needs %s', (method, path, expected) => {
  expect(permissionForCall(method, path)).toBe(expected);
});

test('Application.Read.All is optional: only the permission check uses it, and it reads every app registration in the tenant', () => {
  expect(REQUIRED_PERMISSIONS.map((p) => p.name)).not.toContain('Application.Read.All');
  expect(OPTIONAL_PERMISSIONS.map((p) => p.name)).toEqual(['Application.Read.All']);
  expect(REQUIRED_PERMISSIONS.map((p) => p.name)).toEqual([
    'Presence.Read.All',
    'Presence.ReadWrite.All',
    'User.Read.All',
    'TeamsUserConfiguration.Read.All',
    'RoleManagement.Read.Directory',
  ]);
});
