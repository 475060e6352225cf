/**
 * The pool against the simulator, which counts Graph's presence budget per application per tenant: chunks
 * spread over the registrations, a registration whose secret is revoked mid-run loses its chunks to the others
 * in the same sweep and comes back once it works again, and no registration ever goes over its own budget.
 */
import { generatePeople } from '../../src/sim/graph';
import { connectTenant, type TenantConnection } from '../../src/graph/tenant-connection';
import { PresencePoller } from '../../src/graph/presence-poller';
import { createPresenceWriter } from '../../src/graph/presence-writer';
import type { PoolChange } from '../../src/graph/app-registration-pool';
import { startHarness, type Harness } from './sim-harness';

const LIMIT = 40; // presence requests per 30 s per app, small so the budgets bind
const POLL = ['getPresencesByUserId'];

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ presenceRequestsPer30s: LIMIT });
});
afterEach(() => h.close());

function poolOf(extra: number, users = 300) {
  const people = generatePeople(users, 7).directoryUsers;
  const creds = h.addTenant({ users: people });
  const tenant = h.sim.tenant(creds.tenantId);
  const added = Array.from({ length: extra }, (_, i) => ({ id: `r${i + 2}`, label: `Pool ${i + 2}`, ...tenant.addApp() }));
  const connection = connectTenant(
    { tenantId: creds.tenantId, clientId: creds.clientId, secret: creds.clientSecret },
    { authorityHost: h.sim.url, graphBaseUrl: creds.graphBaseUrl, budgetPer30s: LIMIT },
    { transport: h.transport, clock: h.time.clock, sleep: h.time.sleep, random: () => 0.5 },
    added.map(({ id, label, clientId, clientSecret }) => ({ id, label, clientId, secret: clientSecret })),
  );
  const changes: PoolChange[] = [];
  connection.pool.onChange((c) => changes.push(c));
  const ids = [...new Set(people.map((p) => p.id))];
  const polled = new Set<string>();
  const poller = new PresencePoller({
    tenantId: creds.tenantId,
    client: connection.client,
    pool: connection.pool,
    userIds: () => ids,
    onEvent: (e) => polled.add(e.userId),
    clock: h.time.clock,
    scheduler: h.time.scheduler,
    sleep: h.time.sleep,
    chunkSize: 10,
  });
  return { creds, tenant, added, connection, poller, ids, polled, changes };
}

test('chunks spread over three registrations in proportion to their budgets, each within its own', async () => {
  const { poller, connection, creds, tenant, added, ids } = poolOf(2);
  const result = await h.time.runUntil(poller.sweepNow());
  expect(result).toMatchObject({ users: ids.length, requests: Math.ceil(ids.length / 10), failedChunks: 0 });
  const byApp = tenant.requestsByApp(POLL);
  expect(Object.keys(byApp).sort()).toEqual([creds.clientId, ...added.map((a) => a.clientId)].sort());
  for (const n of Object.values(byApp)) expect(n).toBeGreaterThanOrEqual(8);
  for (const clientId of Object.keys(byApp)) expect(tenant.maxRequestsInWindow(POLL, 30_000, { clientId })).toBeLessThanOrEqual(LIMIT);
  expect(tenant.stats().byStatus['429']).toBeUndefined();
  expect(
    connection.pool
      .all()
      .map((m) => connection.pool.use(m.id).usersPolled)
      .reduce((a, b) => a + b),
  ).toBe(ids.length);
});

test('a registration whose secret is revoked mid-run loses its chunks to the others in the same sweep, then comes back', async () => {
  const { poller, connection, tenant, added, polled, ids, changes } = poolOf(2);
  await h.time.runUntil(poller.sweepNow());
  polled.clear();
  tenant.revokeAppSecret(added[0].clientId);
  // Every user changes, so the next sweep must read every one of them to report them all.
  for (const id of ids) tenant.setUserPresence(id, 'Busy', 'InACall');
  const second = await h.time.runUntil(poller.sweepNow());
  expect(second.failedChunks).toBe(0);
  expect(polled.size).toBe(ids.length);
  expect(connection.pool.health('r2')).toMatchObject({ health: 'failing' });
  expect(connection.pool.use('r2').usersPolled).toBe(0);
  expect(changes).toEqual([expect.objectContaining({ health: 'failing', member: expect.objectContaining({ id: 'r2' }) })]);
  expect(String(changes[0].problem?.message)).toMatch(/AADSTS7000215|refused/);

  tenant.restoreAppSecret(added[0].clientId, added[0].clientSecret);
  await h.time.advance(6 * 60_000); // past its retry backoff
  await h.time.runUntil(poller.sweepNow());
  expect(connection.pool.health('r2').health).toBe('ok');
  expect(changes.map((c) => c.health)).toEqual(['failing', 'ok']);
  for (const m of connection.pool.all()) {
    expect(tenant.maxRequestsInWindow(POLL, 30_000, { clientId: m.clientId, excludeThrottled: true })).toBeLessThanOrEqual(LIMIT);
  }
});

test('one registration polls exactly as before: no pool sweep, every chunk through the tenant client', async () => {
  const { poller, connection, tenant, creds, ids } = poolOf(0, 100);
  expect(connection.pool.size).toBe(1);
  await h.time.runUntil(poller.sweepNow());
  expect(tenant.requestsByApp(POLL)).toEqual({ [creds.clientId]: Math.ceil(ids.length / 10) });
  expect(poller.stats().usersByRegistration).toBeUndefined();
});

test('writes go through the registrations; a user keeps the session of the registration that wrote it', async () => {
  const { connection, tenant, ids, added, creds } = poolOf(2, 30);
  const writer = createPresenceWriter(
    { get: (id: string): TenantConnection | undefined => (id === creds.tenantId ? connection : undefined) },
    { clock: h.time.clock, scheduler: h.time.scheduler, sleep: h.time.sleep },
  );
  const write = (userId: string, activity: 'InACall' | 'Available') =>
    writer.apply({
      kind: 'setTeamsSession',
      tenantId: creds.tenantId,
      userId,
      presence: activity === 'InACall' ? { availability: 'Busy', activity } : { availability: 'Available', activity },
    } as never);
  const outcomes = await h.time.runUntil(Promise.all(ids.map((id) => write(id, 'InACall'))));
  expect(outcomes.every((o) => o.ok)).toBe(true);
  const writers = tenant.requestsByApp(['setPresence']);
  expect(Object.keys(writers).length).toBeGreaterThan(1);
  for (const id of ids) expect(tenant.sessionsOf(id).sessions.filter((s) => s.sessionId !== 'teams-client')).toHaveLength(1);
  // A second state for every user goes to the same app's session: still one session per user.
  await h.time.runUntil(Promise.all(ids.map((id) => write(id, 'Available'))));
  for (const id of ids) expect(tenant.sessionsOf(id).sessions.filter((s) => s.sessionId !== 'teams-client')).toHaveLength(1);
  expect([creds.clientId, ...added.map((a) => a.clientId)]).toEqual(expect.arrayContaining(Object.keys(writers)));
  writer.stop();
});
