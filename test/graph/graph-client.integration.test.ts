import { generatePeople, PRESENCE_ENDPOINTS } from '../../src/sim/graph';
import { EntraAuthError, GraphPermissionError, GraphUnavailableError } from '../../src/graph/errors';
import { PresencePoller } from '../../src/graph/presence-poller';
import type { TeamsPresenceEvent } from '../../src/sync/types';
import { startHarness, type Harness } from './sim-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Exactly `count` distinct directory users. */
function someUsers(count: number, seed: number) {
  const users = generatePeople(Math.ceil(count * 1.1), seed).directoryUsers.slice(0, count);
  expect(new Set(users.map((u) => u.id)).size).toBe(count);
  return users;
}

function pollerFor(creds: ReturnType<Harness['addTenant']>, ids: string[], client = h.client(creds)) {
  const events: TeamsPresenceEvent[] = [];
  const errors: Error[] = [];
  const poller = new PresencePoller({
    tenantId: creds.tenantId,
    client,
    userIds: () => ids,
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e),
    clock: h.time.clock,
    scheduler: h.time.scheduler,
  });
  return { poller, events, errors, client };
}

describe('Graph client and presence poller against the simulator', () => {
  test('polls 2,000 users in 4 requests and reports each user once, then only changes', async () => {
    const users = someUsers(2_000, 7);
    const creds = h.addTenant({ users });
    const ids = users.map((u) => u.id);
    const { poller, events } = pollerFor(creds, ids);

    const first = await h.time.runUntil(poller.sweepNow());
    expect(first).toMatchObject({ users: 2_000, requests: 4, failedChunks: 0, changes: 2_000 });
    expect(h.sim.tenant(creds.tenantId).stats().byEndpoint['getPresencesByUserId']).toBe(4);
    expect(new Set(events.map((e) => e.userId)).size).toBe(2_000);

    events.length = 0;
    h.sim.tenant(creds.tenantId).setUserPresence(ids[1234], 'Busy', 'InAMeeting');
    await h.time.runUntil(poller.sweepNow());
    expect(events.map((e) => [e.userId, e.presence.availability, e.presence.activity, e.source])).toEqual([
      [ids[1234], 'Busy', 'InAMeeting', 'poll'],
    ]);
  });

  test('a bare 400 on a long id list splits the chunk and still reads everyone', async () => {
    const users = someUsers(650, 8);
    const creds = h.addTenant({ users });
    h.sim.tenant(creds.tenantId).setFaults({ bareBadRequestAboveIds: 325 });
    const { poller, events } = pollerFor(
      creds,
      users.map((u) => u.id),
    );
    const result = await h.time.runUntil(poller.sweepNow());
    expect(result).toMatchObject({ requests: 3, failedChunks: 0 });
    expect(events).toHaveLength(650);
  });

  test('a 403 names the missing permission and how to grant it', async () => {
    const people = generatePeople(10, 9);
    const creds = h.addTenant({ users: people.directoryUsers, permissions: ['User.Read.All'] });
    const { poller, errors } = pollerFor(
      creds,
      people.directoryUsers.map((u) => u.id),
    );
    await h.time.runUntil(poller.sweepNow());
    expect(errors[0]).toBeInstanceOf(GraphPermissionError);
    expect(errors[0].message).toMatch(/Presence\.Read\.All is missing or not consented.*Grant admin consent/);
  });

  test('an expired secret stops the sweep with the explained Entra error', async () => {
    const users = someUsers(1_000, 13);
    const creds = h.addTenant({ users });
    h.sim.tenant(creds.tenantId).expireSecret();
    const { poller, errors } = pollerFor(
      creds,
      users.map((u) => u.id),
    );
    const result = await h.time.runUntil(poller.sweepNow());
    expect(result.failedChunks).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EntraAuthError);
    expect(errors[0].message).toMatch(/AADSTS7000222.*has expired/);
    expect(h.sim.tenant(creds.tenantId).stats().byEndpoint['getPresencesByUserId'] ?? 0).toBe(0);
  });

  test('rides out a 429 storm without ever exceeding the budget at the simulator', async () => {
    const users = someUsers(2_000, 10);
    const creds = h.addTenant({ users, presenceRequestsPer30s: 40 });
    const tenant = h.sim.tenant(creds.tenantId);
    const client = h.client(creds, { budget: { limit: 40, windowMs: 30_000 } });
    const { poller, events } = pollerFor(
      creds,
      users.map((u) => u.id),
      client,
    );
    // Graph's storm: every presence request refused for 20 s of simulator time, Retry-After 2.5 s.
    tenant.throttleStorm(20_000, 2.5);
    poller.start();
    const t0 = h.time.now();
    await h.time.runUntil(
      (async () => {
        while (h.time.now() - t0 < 5 * 60_000) await h.time.sleep(1_000);
      })(),
    );
    poller.stop();
    const stats = client.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    // Every request counts at the simulator, the refused ones included.
    expect(tenant.maxRequestsInWindow(PRESENCE_ENDPOINTS, 30_000)).toBeLessThanOrEqual(40);
    expect(poller.stats().sweeps).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.userId)).size).toBe(2_000);
    const sim = tenant.stats();
    expect(sim.byStatus['429']).toBe(stats.throttled);
  });

  test('server errors that never stop become a GraphUnavailableError after the last attempt', async () => {
    const people = generatePeople(5, 11);
    const creds = h.addTenant({ users: people.directoryUsers });
    h.sim.tenant(creds.tenantId).setFaults({ serverErrorRate: 1 });
    const client = h.client(creds, { backoff: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 3 } });
    const error = await h.time
      .runUntil(
        client.post('/communications/getPresencesByUserId', { ids: [people.directoryUsers[0].id] }, { operation: 'reading presence' }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect((error as GraphUnavailableError).attempts).toBe(3);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, serverErrors: 3 });
  });

  test('revoked tokens are replaced once, transparently', async () => {
    const people = generatePeople(3, 12);
    const creds = h.addTenant({ users: people.directoryUsers });
    const client = h.client(creds);
    await h.time.runUntil(client.post('/communications/getPresencesByUserId', { ids: [people.directoryUsers[0].id] }));
    h.sim.tenant(creds.tenantId).revokeTokens();
    // Token times are whole seconds: the next token must be issued at least a second later.
    await h.time.advance(2_000);
    const answer = await h.time.runUntil(
      client.post<{ value: unknown[] }>('/communications/getPresencesByUserId', { ids: [people.directoryUsers[0].id] }),
    );
    expect(answer.value).toHaveLength(1);
  });
});
