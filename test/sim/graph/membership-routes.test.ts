/** transitiveMemberOf as Microsoft documents it for application permissions, limited information included. */
import { useGraphSimulator } from './simulator-fixture';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const GROUP = '0b5c3a3e-1f3e-4d55-9a55-2f4b7f6c1a01';
const alice = {
  id: '7d6a3c1e-0000-4000-8000-000000000001',
  displayName: 'Alice',
  userPrincipalName: 'alice@contoso.com',
  accountEnabled: true,
};
const env = useGraphSimulator({ users: [alice] });
const path = (cast: string) => `/v1.0/users/${alice.id}/transitiveMemberOf${cast}`;

describe('GET /users/{id}/transitiveMemberOf', () => {
  test('lists directory roles with their template and groups, each cast alone or both without a cast', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.assignRole(alice.id, GLOBAL_ADMINISTRATOR);
    controls.addToGroup(alice.id, GROUP);
    const roles = await env.client.call('GET', `${path('/microsoft.graph.directoryRole')}?$select=id,roleTemplateId`, { token });
    expect(roles.status).toBe(200);
    expect(roles.json.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: expect.stringMatching(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/),
        roleTemplateId: GLOBAL_ADMINISTRATOR,
      },
    ]);
    expect(roles.json.value[0].id).not.toBe(GLOBAL_ADMINISTRATOR); // the tenant's role object, not the template
    const groups = await env.client.call('GET', `${path('/microsoft.graph.group')}?$select=id`, { token });
    expect(groups.json.value).toEqual([{ '@odata.type': '#microsoft.graph.group', id: GROUP }]);
    const all = await env.client.call('GET', path(''), { token });
    expect(all.json.value.map((o: { '@odata.type': string }) => o['@odata.type']).sort()).toEqual([
      '#microsoft.graph.directoryRole',
      '#microsoft.graph.group',
    ]);
  });

  test('with User.Read.All alone a role comes with limited information: id and type, roleTemplateId null', async () => {
    const { token, controls } = await env.tenantWithToken({ permissions: ['User.Read.All'] });
    controls.assignRole(alice.id, GLOBAL_ADMINISTRATOR);
    const roles = await env.client.call('GET', `${path('/microsoft.graph.directoryRole')}?$select=id,roleTemplateId`, { token });
    expect(roles.status).toBe(200);
    expect(roles.json.value).toEqual([{ '@odata.type': '#microsoft.graph.directoryRole', id: expect.any(String), roleTemplateId: null }]);
  });

  test('without a permission that lists memberships: 403 Authorization_RequestDenied; an unknown user: 404', async () => {
    const denied = await env.tenantWithToken({ permissions: ['Presence.Read.All'] });
    const refused = await env.client.call('GET', path('/microsoft.graph.directoryRole'), { token: denied.token });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('Authorization_RequestDenied');
    const { token } = await env.tenantWithToken();
    const missing = await env.client.call(
      'GET',
      '/v1.0/users/00000000-0000-4000-8000-00000000dead/transitiveMemberOf/microsoft.graph.group',
      { token },
    );
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
  });
});
