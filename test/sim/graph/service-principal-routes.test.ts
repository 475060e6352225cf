/**
 * Service principals as Microsoft documents them: Get servicePrincipal (by id or by the appId alternate key),
 * List servicePrincipals with $filter=appId eq, and List appRoleAssignments granted to a service principal,
 * whose appRoleIds resolve through the Microsoft Graph service principal's appRoles. Needs Application.Read.All.
 */
import { useGraphSimulator } from './simulator-fixture';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const PRESENCE_READ_ALL = 'a70e0c2d-e793-494c-94c4-118fa0a67f42';
const env = useGraphSimulator();

describe('service principals and their app role assignments', () => {
  test("the app's grants, named through Microsoft Graph's appRoles; the alternate key and the $filter find the same principal", async () => {
    const { creds, token } = await env.tenantWithToken({ permissions: ['Presence.Read.All', 'Application.Read.All'] });
    const own = await env.client.call('GET', `/v1.0/servicePrincipals(appId='${creds.clientId}')?$select=id,appId`, { token });
    expect(own.status).toBe(200);
    expect(own.json).toEqual({
      '@odata.context': expect.stringContaining('$metadata#servicePrincipals/$entity'),
      id: expect.any(String),
      appId: creds.clientId,
    });
    const filtered = await env.client.call(
      'GET',
      `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${creds.clientId}'`)}&$select=id`,
      { token },
    );
    expect(filtered.json.value).toEqual([{ id: own.json.id }]);

    const graph = await env.client.call('GET', `/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`, { token });
    expect(graph.json.appRoles).toContainEqual(
      expect.objectContaining({ id: PRESENCE_READ_ALL, value: 'Presence.Read.All', allowedMemberTypes: ['Application'], isEnabled: true }),
    );

    const assignments = await env.client.call('GET', `/v1.0/servicePrincipals/${own.json.id}/appRoleAssignments`, { token });
    expect(assignments.status).toBe(200);
    expect(assignments.json.value).toContainEqual(
      expect.objectContaining({
        appRoleId: PRESENCE_READ_ALL,
        principalId: own.json.id,
        principalType: 'ServicePrincipal',
        resourceId: graph.json.id,
        resourceDisplayName: 'Microsoft Graph',
      }),
    );
    const names = assignments.json.value.map(
      (a: { appRoleId: string }) => graph.json.appRoles.find((r: { id: string }) => r.id === a.appRoleId)?.value,
    );
    expect(names.sort()).toEqual(['Application.Read.All', 'Presence.Read.All']);
  });

  test('a permission granted after the token was issued is listed at once (the token keeps its old roles)', async () => {
    const { creds, token, controls } = await env.tenantWithToken({ permissions: ['Application.Read.All'] });
    controls.grantPermission('User.Read.All');
    const listed = await env.client.call('GET', `/v1.0/servicePrincipals(appId='${creds.clientId}')/appRoleAssignments`, { token });
    expect(listed.json.value).toHaveLength(2);
    expect((await env.client.call('GET', '/v1.0/users/delta?$select=id', { token })).status).toBe(403);
  });

  test('without Application.Read.All: 403 Authorization_RequestDenied; an unknown appId: 404 Request_ResourceNotFound', async () => {
    const denied = await env.tenantWithToken({ permissions: ['Presence.Read.All'] });
    const refused = await env.client.call('GET', `/v1.0/servicePrincipals(appId='${denied.creds.clientId}')?$select=id`, {
      token: denied.token,
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('Authorization_RequestDenied');
    const { token } = await env.tenantWithToken();
    const missing = await env.client.call('GET', "/v1.0/servicePrincipals(appId='11111111-2222-3333-4444-555555555555')", { token });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
  });

  test('opaque access tokens: not a JWT, and Graph accepts them', async () => {
    const { token } = await env.tenantWithToken({ opaqueAccessTokens: true });
    expect(token.split('.')).toHaveLength(1);
    expect((await env.client.call('GET', '/v1.0/users/delta?$select=id', { token })).status).toBe(200);
  });
});
