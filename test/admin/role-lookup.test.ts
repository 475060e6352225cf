import { GLOBAL_ADMINISTRATOR_ROLE } from '../../src/admin/admin-roles';
import { createGraphRoleLookup } from '../../src/admin/role-lookup';

test('collects directory roles and groups over every page of transitiveMemberOf, as the signed-in user', async () => {
  const requests: Array<[string, string, string]> = [];
  const pages: Record<string, unknown> = {
    '/v1.0/me/transitiveMemberOf?$select=id,roleTemplateId&$top=999': {
      value: [
        { '@odata.type': '#microsoft.graph.group', id: 'group-1' },
        { '@odata.type': '#microsoft.graph.directoryRole', id: 'role-object-1', roleTemplateId: GLOBAL_ADMINISTRATOR_ROLE },
      ],
      '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/transitiveMemberOf?$skiptoken=2',
    },
    'https://graph.microsoft.com/v1.0/me/transitiveMemberOf?$skiptoken=2': {
      value: [
        { '@odata.type': '#microsoft.graph.administrativeUnit', id: 'au-1' },
        { '@odata.type': '#microsoft.graph.group', id: 'group-2' },
      ],
    },
  };
  const lookup = createGraphRoleLookup(async (tenantId, url, token) => {
    requests.push([tenantId, url, token]);
    return pages[url];
  });
  await expect(lookup('tenant-1', 'user-1', 'user.sso.token')).resolves.toEqual({
    roleTemplateIds: [GLOBAL_ADMINISTRATOR_ROLE],
    groupIds: ['group-1', 'group-2'],
  });
  expect(requests.map(([tenant, , token]) => [tenant, token])).toEqual([
    ['tenant-1', 'user.sso.token'],
    ['tenant-1', 'user.sso.token'],
  ]);
});

test('an answer that is not a Graph collection is an error, not an empty membership', async () => {
  const lookup = createGraphRoleLookup(async () => ({ error: { code: 'Authorization_RequestDenied' } }));
  await expect(lookup('t', 'u', 'x.y.z')).rejects.toThrow();
});
