/** The simulator as the product uses it: Microsoft's Graph client against it, and a 100,000-user tenant. */
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { generatePeople } from '../../../src/sim/graph';
import { useGraphSimulator } from './simulator-fixture';

const env = useGraphSimulator();
let dispatcher: Agent;

beforeAll(() => {
  dispatcher = new Agent({ connect: { ca: env.sim.caCertPem } });
});
afterAll(async () => {
  await dispatcher.close();
});

function graphClient(token: string): Client {
  return Client.init({
    baseUrl: env.sim.url,
    customHosts: new Set(['localhost']),
    authProvider: (done) => done(null, token),
    fetchOptions: { dispatcher } as never,
  });
}

test('serves https on 127.0.0.1 with a port chosen by the OS, under a localhost URL', () => {
  expect(env.sim.url).toMatch(/^https:\/\/localhost:\d+$/);
  expect(env.sim.port).toBeGreaterThan(0);
  expect(env.sim.caCertPem).toContain('BEGIN CERTIFICATE');
});

describe('@microsoft/microsoft-graph-client 3 against the simulator', () => {
  test('reads presences, writes a session (200 with no body parses), and pages users delta', async () => {
    const people = generatePeople(1200, 21).directoryUsers;
    const creds = env.sim.addTenant({ users: people });
    const graph = graphClient(await env.client.accessToken(creds));
    await graph
      .api(`/users/${people[0].id}/presence/setPresence`)
      .post({ sessionId: creds.clientId, availability: 'DoNotDisturb', activity: 'Presenting', expirationDuration: 'PT5M' });
    const presences = await graph.api('/communications/getPresencesByUserId').post({ ids: [people[0].id] });
    expect(presences.value[0]).toMatchObject({ availability: 'DoNotDisturb', activity: 'Presenting' });
    let page = await graph.api('/users/delta').select(['id', 'mail', 'accountEnabled']).top(999).get();
    const seen = [...page.value];
    while (page['@odata.nextLink']) {
      page = await graph.api(page['@odata.nextLink']).get();
      seen.push(...page.value);
    }
    expect(seen).toHaveLength(people.length);
    expect(page['@odata.deltaLink']).toBeDefined();
  });

  test('surfaces a 403 as a GraphError with Authorization_RequestDenied', async () => {
    const creds = env.sim.addTenant({ permissions: ['User.Read.All'], users: generatePeople(1, 2).directoryUsers });
    const graph = graphClient(await env.client.accessToken(creds));
    await expect(graph.api('/communications/getPresencesByUserId').post({ ids: ['x'] })).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });
});

describe('a 100,000-user tenant', () => {
  test('serves presence reads of 650 ids and delta pages of 999', async () => {
    const people = generatePeople(100_000, 5).directoryUsers;
    const creds = env.sim.addTenant({ users: people });
    const controls = env.sim.tenant(creds.tenantId);
    expect(controls.userCount).toBe(people.length);
    const last = people[people.length - 1].id;
    controls.setUserPresence(last, 'Busy', 'InACall');
    const token = await env.client.accessToken(creds);
    const ids = people.slice(-650).map((u) => u.id);
    const presences = await env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { token, json: { ids } });
    expect(presences.json.value).toHaveLength(650);
    expect(presences.json.value[649]).toMatchObject({ id: last, availability: 'Busy', activity: 'InACall' });
    const delta = await env.client.call('GET', '/v1.0/users/delta?$select=id,mail&$top=999', { token });
    expect(delta.json.value).toHaveLength(999);
  });
});
