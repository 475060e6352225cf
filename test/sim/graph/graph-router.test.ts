/** Throttling, faults and statistics: the bad days of Graph, as the simulator serves them. */
import { PRESENCE_ENDPOINTS, generatePeople } from '../../../src/sim/graph';
import { SimulatorCore } from '../../../src/sim/graph/simulator-core';
import { manualClock } from './sim-client';
import { useGraphSimulator } from './simulator-fixture';

const clock = manualClock();
const people = generatePeople(700, 5).directoryUsers;
const ids = people.map((u) => u.id);

const env = useGraphSimulator({ clock, users: people });

const read = (token: string, list = ids.slice(0, 10)) =>
  env.client.call('POST', '/v1.0/communications/getPresencesByUserId', { token, json: { ids: list } });
const batchOfReads = (n: number) => ({
  requests: Array.from({ length: n }, (_, i) => ({
    id: String(i + 1),
    method: 'POST',
    url: '/communications/getPresencesByUserId',
    headers: { 'content-type': 'application/json' },
    body: { ids: ids.slice(0, 5) },
  })),
});

describe('presence throttle', () => {
  test('1500 presence requests per 30 s per app: the 1501st gets 429 TooManyRequests with Retry-After in seconds', async () => {
    const { token, controls } = await env.tenantWithToken();
    for (let i = 0; i < 75; i += 1) {
      const answer = await env.client.call('POST', '/v1.0/$batch', { token, json: batchOfReads(20) });
      expect(answer.json.responses.every((r: { status: number }) => r.status === 200)).toBe(true);
      clock.advance(100);
    }
    const refused = await read(token);
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('TooManyRequests');
    expect(Number(refused.headers['retry-after'])).toBeCloseTo(30 - 7.5, 1);
    expect(controls.stats().byEndpoint.getPresencesByUserId).toBe(1501);
  });

  test('the budget frees up as the window slides', async () => {
    const { token, controls } = await env.tenantWithToken({ presenceRequestsPer30s: 2 });
    expect((await read(token)).status).toBe(200);
    clock.advance(10_000);
    expect((await read(token)).status).toBe(200);
    expect((await read(token)).status).toBe(429);
    clock.advance(20_000);
    expect((await read(token)).status).toBe(200);
    expect(controls.maxRequestsInWindow(['getPresencesByUserId'], 30_000, { excludeThrottled: true })).toBe(2);
  });

  test('the limit is a setting', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setPresenceLimit(1);
    expect((await read(token)).status).toBe(200);
    expect((await read(token)).status).toBe(429);
  });

  test('each tenant has its own budget', async () => {
    const a = await env.tenantWithToken({ presenceRequestsPer30s: 1 });
    const b = await env.tenantWithToken({ presenceRequestsPer30s: 1 });
    expect((await read(a.token)).status).toBe(200);
    expect((await read(b.token)).status).toBe(200);
    expect((await read(a.token)).status).toBe(429);
  });

  test('directory reads do not use the presence budget', async () => {
    const { token } = await env.tenantWithToken({ presenceRequestsPer30s: 1 });
    expect((await read(token)).status).toBe(200);
    expect((await env.client.call('GET', '/v1.0/users/delta?$top=5', { token })).status).toBe(200);
  });
});

describe('faults', () => {
  test('a 429 storm refuses presence requests with the given (fractional) Retry-After until it ends', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.throttleStorm(60_000, 2.128);
    const during = await read(token);
    expect(during.status).toBe(429);
    expect(during.headers['retry-after']).toBe('2.128');
    expect(during.json.error.code).toBe('TooManyRequests');
    clock.advance(60_000);
    expect((await read(token)).status).toBe(200);
  });

  test('5xx at a rate: 503 with Retry-After', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setFaults({ serverErrorRate: 1, serverErrorRetryAfterSeconds: 3 });
    const answer = await read(token);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('3');
    controls.clearFaults();
    expect((await read(token)).status).toBe(200);
  });

  test('a partial 5xx rate fails some requests and not others', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setFaults({ serverErrorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await read(token)).status);
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
  });

  test('a long id list can fail with a bare 400 (no body)', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setFaults({ bareBadRequestAboveIds: 200 });
    const answer = await read(token, ids.slice(0, 201));
    expect(answer.status).toBe(400);
    expect(answer.text).toBe('');
    expect((await read(token, ids.slice(0, 200))).status).toBe(200);
  });

  test('an id list holding a deleted user can fail with 500', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.setFaults({ failOnDeletedIds: true });
    controls.removeUser(ids[3]);
    expect((await read(token, ids.slice(0, 5))).status).toBe(500);
    expect((await read(token, ids.slice(4, 9))).status).toBe(200);
  });

  test('fault settings are validated', () => {
    const creds = env.sim.addTenant();
    expect(() => env.sim.tenant(creds.tenantId).setFaults({ serverErrorRate: 2 })).toThrow(/Invalid fault settings/);
  });

  test("slow answers add the configured delay to that tenant's Graph answers", () => {
    const core = new SimulatorCore({ clock, latencyMs: 40, presenceRequestsPer30s: 1500, seed: 1, origin: () => 'https://localhost:1' });
    const creds = core.addTenant();
    core.tenant(creds.tenantId).setFaults({ slowMs: 2000 });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    const tokenAnswer = core.dispatch({
      method: 'POST',
      path: `/${creds.tenantId}/oauth2/v2.0/token`,
      query: new URLSearchParams(),
      headers: {},
      body: form.toString(),
    });
    expect(tokenAnswer.delayMs).toBe(40);
    const token = (tokenAnswer.response.body as { access_token: string }).access_token;
    const delta = core.dispatch({
      method: 'GET',
      path: '/v1.0/users/delta',
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}` },
      body: '',
    });
    expect(delta.response.status).toBe(200);
    expect(delta.delayMs).toBe(2040);
  });

  test('revoked tokens answer 401 and a new token works', async () => {
    const { creds, token, controls } = await env.tenantWithToken();
    controls.revokeTokens();
    expect((await read(token)).status).toBe(401);
    expect((await read(await env.client.accessToken(creds))).status).toBe(200);
  });

  test('a token keeps the roles it was issued with; a new one carries the change', async () => {
    const { creds, token, controls } = await env.tenantWithToken();
    controls.revokePermission('Presence.Read.All');
    controls.revokePermission('Presence.ReadWrite.All');
    expect((await read(token)).status).toBe(200);
    expect((await read(await env.client.accessToken(creds))).status).toBe(403);
  });
});

describe('$batch', () => {
  test('answers each inner request on its own, in Graph batch shape', async () => {
    const { creds, token } = await env.tenantWithToken();
    const answer = await env.client.call('POST', '/v1.0/$batch', {
      token,
      json: {
        requests: [
          {
            id: 'a',
            method: 'POST',
            url: '/communications/getPresencesByUserId',
            body: { ids: ids.slice(0, 2) },
            headers: { 'content-type': 'application/json' },
          },
          {
            id: 'b',
            method: 'POST',
            url: `/users/${ids[0]}/presence/setPresence`,
            body: { sessionId: creds.clientId, availability: 'Busy', activity: 'InACall' },
          },
          { id: 'c', method: 'POST', url: `/users/${ids[0]}/presence/setPresence`, body: { availability: 'Busy', activity: 'InACall' } },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const byId = Object.fromEntries(answer.json.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId.a.status).toBe(200);
    expect(byId.a.body.value).toHaveLength(2);
    expect(byId.b.status).toBe(200);
    expect(byId.b.body).toBeUndefined();
    expect(byId.c.status).toBe(400);
  });

  test('takes at most 20 requests', async () => {
    const { token } = await env.tenantWithToken();
    expect((await env.client.call('POST', '/v1.0/$batch', { token, json: batchOfReads(20) })).status).toBe(200);
    expect((await env.client.call('POST', '/v1.0/$batch', { token, json: batchOfReads(21) })).status).toBe(400);
  });

  test('saves no budget: each inner request counts and is throttled alone with its own 429', async () => {
    const { token, controls } = await env.tenantWithToken({ presenceRequestsPer30s: 3 });
    const answer = await env.client.call('POST', '/v1.0/$batch', { token, json: batchOfReads(5) });
    expect(answer.json.responses.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answer.json.responses[3].headers['retry-after']).toEqual(expect.any(String));
    expect(controls.stats().byEndpoint).toMatchObject({ $batch: 1, getPresencesByUserId: 5 });
  });
});

describe('statistics', () => {
  test('record every request with endpoint, status and simulator time', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.resetStats();
    const at = clock.now();
    await read(token);
    const stats = controls.stats();
    expect(stats.requests).toEqual([expect.objectContaining({ at, endpoint: 'getPresencesByUserId', status: 200 })]);
    expect(PRESENCE_ENDPOINTS).toContain('getPresencesByUserId');
  });

  test('maxRequestsInWindow finds the busiest 30 s', async () => {
    const { token, controls } = await env.tenantWithToken();
    controls.resetStats();
    for (const step of [0, 1000, 1000, 29_000, 1000]) {
      clock.advance(step);
      await read(token);
    }
    expect(controls.maxRequestsInWindow(['getPresencesByUserId'], 30_000)).toBe(3);
  });
});
