/** The /_sim control API: what the demo and a person with curl use. */
import { useGraphSimulator } from './simulator-fixture';

const env = useGraphSimulator();

async function tenantOverHttp(body: object = { generateUsers: { count: 20, seed: 3 } }) {
  const answer = await env.client.call('POST', '/_sim/tenants', { json: body });
  expect(answer.status).toBe(201);
  return answer.json as { tenantId: string; clientId: string; clientSecret: string; authority: string };
}

test('creates a tenant with generated people and returns its credentials', async () => {
  const creds = await tenantOverHttp();
  expect(creds.authority).toBe(`${env.sim.url}/${creds.tenantId}`);
  expect(env.sim.tenant(creds.tenantId).userCount).toBeGreaterThan(15);
  expect((await env.client.token(creds as never)).status).toBe(200);
});

test("sets a user's client presence, which Graph then reports", async () => {
  const creds = await tenantOverHttp({ users: [{ id: 'u-1', displayName: 'Una', mail: 'una@contoso.com' }] });
  const put = await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/users/u-1/presence`, {
    json: { availability: 'Busy', activity: 'InAMeeting' },
  });
  expect(put.status).toBe(200);
  expect(put.json.presence).toMatchObject({ availability: 'Busy', activity: 'InAMeeting' });
  const token = await env.client.accessToken(creds as never);
  const read = await env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { token, json: { ids: ['u-1'] } });
  expect(read.json.value[0]).toMatchObject({ availability: 'Busy', activity: 'InAMeeting' });
});

test('refuses a presence that is not a Graph pair with 400 and a message', async () => {
  const creds = await tenantOverHttp({ users: [{ id: 'u-1' }] });
  const answer = await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/users/u-1/presence`, {
    json: { availability: 'Sleepy', activity: 'Away' },
  });
  expect(answer.status).toBe(400);
  expect(answer.json.error.message).toContain('availability');
});

test('an unknown tenant or user answers 404 with what to do', async () => {
  expect((await env.client.call('GET', '/_sim/tenants/nope/stats')).status).toBe(404);
  const creds = await tenantOverHttp({ users: [] });
  const answer = await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/users/ghost/presence`, {
    json: { availability: 'Away', activity: 'Away' },
  });
  expect(answer.status).toBe(404);
  expect(answer.json.error.message).toMatch(/addUsers/);
});

test('adds, renames, disables and removes users', async () => {
  const creds = await tenantOverHttp({ users: [] });
  const base = `/_sim/tenants/${creds.tenantId}/users`;
  expect((await env.client.call('POST', base, { json: { users: [{ id: 'a' }, { id: 'b' }] } })).json.userCount).toBe(2);
  expect((await env.client.call('PATCH', `${base}/a`, { json: { displayName: 'Ann', accountEnabled: false } })).json).toMatchObject({
    id: 'a',
    displayName: 'Ann',
    accountEnabled: false,
  });
  expect((await env.client.call('DELETE', `${base}/b`)).status).toBe(204);
  expect(env.sim.tenant(creds.tenantId).userCount).toBe(1);
});

test('switches consent and faults, and reports statistics', async () => {
  const creds = await tenantOverHttp();
  await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/app`, { json: { consented: false } });
  expect((await env.client.token(creds as never)).json.error_codes).toEqual([65001]);
  await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/app`, { json: { consented: true } });
  const token = await env.client.accessToken(creds as never);
  expect(
    (
      await env.client.call('POST', `/_sim/tenants/${creds.tenantId}/throttle-storm`, {
        json: { durationMs: 60_000, retryAfterSeconds: 1.5 },
      })
    ).status,
  ).toBe(204);
  expect((await env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { token, json: { ids: [] } })).status).toBe(429);
  expect((await env.client.call('PUT', `/_sim/tenants/${creds.tenantId}/faults`, { json: { serverErrorRate: 5 } })).status).toBe(400);
  const stats = await env.client.call('GET', `/_sim/tenants/${creds.tenantId}/stats`);
  expect(stats.json.byEndpoint).toMatchObject({ token: 2, getPresencesByUserId: 1 });
  expect(stats.json.byStatus['429']).toBe(1);
});

test('starts and stops a presence script', async () => {
  const creds = await tenantOverHttp();
  expect((await env.client.call('POST', `/_sim/tenants/${creds.tenantId}/scripts`, { json: { changesPerSecond: 5 } })).status).toBe(201);
  expect((await env.client.call('DELETE', `/_sim/tenants/${creds.tenantId}/scripts`)).status).toBe(204);
});
