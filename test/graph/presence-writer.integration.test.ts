import { generatePeople } from '../../src/sim/graph';
import { PresenceWriter } from '../../src/graph/presence-writer';
import { startHarness, type Harness } from './sim-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const MINUTE = 60_000;

function setup(userCount = 3) {
  const users = generatePeople(userCount + 5, 31).directoryUsers.slice(0, userCount);
  const creds = h.addTenant({ users });
  const tenant = h.sim.tenant(creds.tenantId);
  for (const u of users) tenant.setUserPresence(u.id, 'Available', 'Available');
  const client = h.client(creds);
  const writer = new PresenceWriter({
    tenant: (id) => (id === creds.tenantId ? { client, clientId: creds.clientId } : undefined),
    scheduler: h.time.scheduler,
    clock: h.time.clock,
    sleep: h.time.sleep,
  });
  const ourSession = (userId: string) => tenant.sessionsOf(userId).sessions.find((s) => s.sessionId === creds.clientId);
  return { users, creds, tenant, writer, ourSession };
}

/** Let simulator time pass while the writer's timers (renewals) run. */
async function pass(ms: number) {
  const end = h.time.now() + ms;
  await h.time.runUntil(
    (async () => {
      while (h.time.now() < end) await h.time.sleep(Math.min(15_000, end - h.time.now()));
    })(),
  );
}

describe('presence writer against the simulator', () => {
  test('a call shows as Busy/InACall and stays while renewed, well past the 5 minute expiry', async () => {
    const { users, creds, tenant, writer, ourSession } = setup();
    const outcome = await h.time.runUntil(
      writer.apply({
        kind: 'setTeamsSession',
        tenantId: creds.tenantId,
        userId: users[0].id,
        presence: { availability: 'Busy', activity: 'InACall' },
      }),
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(tenant.presenceOf(users[0].id)).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    await pass(23 * MINUTE);
    expect(ourSession(users[0].id)).toBeDefined();
    expect(tenant.presenceOf(users[0].id)).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    writer.stop();
  });

  test('an Available session renewed every 4 minutes never decays to idle', async () => {
    const { users, creds, tenant, writer } = setup();
    tenant.setUserPresence(users[0].id, 'Offline', 'Offline');
    await h.time.runUntil(
      writer.apply({
        kind: 'setTeamsSession',
        tenantId: creds.tenantId,
        userId: users[0].id,
        presence: { availability: 'Available', activity: 'Available' },
      }),
    );
    for (let i = 0; i < 6; i++) {
      await pass(2 * MINUTE + 30_000);
      expect(tenant.presenceOf(users[0].id).availability).toBe('Available');
    }
    writer.stop();
  });

  test('clearing removes our session at once, and clearing again is fine', async () => {
    const { users, creds, tenant, writer, ourSession } = setup();
    const userId = users[0].id;
    await h.time.runUntil(
      writer.apply({ kind: 'setTeamsSession', tenantId: creds.tenantId, userId, presence: { availability: 'Busy', activity: 'InACall' } }),
    );
    const cleared = await h.time.runUntil(writer.apply({ kind: 'clearTeamsSession', tenantId: creds.tenantId, userId }));
    expect(cleared.ok).toBe(true);
    expect(ourSession(userId)).toBeUndefined();
    expect(tenant.presenceOf(userId)).toMatchObject({ availability: 'Available' });
    const again = await h.time.runUntil(writer.apply({ kind: 'clearTeamsSession', tenantId: creds.tenantId, userId }));
    expect(again).toEqual({ ok: true, detail: expect.stringMatching(/404.*already gone/) });
    writer.stop();
  });

  test('after a crash (no more renewals) the stale call state is gone within 5 minutes', async () => {
    const { users, creds, tenant, writer, ourSession } = setup();
    const userId = users[0].id;
    await h.time.runUntil(
      writer.apply({ kind: 'setTeamsSession', tenantId: creds.tenantId, userId, presence: { availability: 'Busy', activity: 'InACall' } }),
    );
    await pass(3 * MINUTE); // one renewal has not happened yet: the worst case is a crash just after a write
    await h.time.runUntil(
      writer.apply({ kind: 'setTeamsSession', tenantId: creds.tenantId, userId, presence: { availability: 'Busy', activity: 'InACall' } }),
    );
    const lastWrite = h.time.now();
    writer.stop(); // the process dies: nothing renews, nothing clears
    await pass(5 * MINUTE - 1_000);
    expect(tenant.presenceOf(userId)).toMatchObject({ availability: 'Busy' });
    await pass(lastWrite + 5 * MINUTE - h.time.now());
    expect(ourSession(userId)).toBeUndefined();
    expect(tenant.presenceOf(userId)).toMatchObject({ availability: 'Available', activity: 'Available' });
  });

  test('force policy: the preferred presence beats every session until it is cleared', async () => {
    const { users, creds, tenant, writer } = setup();
    const userId = users[0].id;
    await h.time.runUntil(
      writer.apply({
        kind: 'setPreferredPresence',
        tenantId: creds.tenantId,
        userId,
        presence: { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
      }),
    );
    expect(tenant.presenceOf(userId)).toMatchObject({ availability: 'DoNotDisturb' });
    await h.time.runUntil(writer.apply({ kind: 'clearPreferredPresence', tenantId: creds.tenantId, userId }));
    expect(tenant.presenceOf(userId)).toMatchObject({ availability: 'Available' });
    writer.stop();
  });
});
