/**
 * Issue 12.1 end to end: a tenant with three app registrations, the service against the simulators, whose Graph
 * counts presence requests per application. One registration's secret is revoked mid-run: its chunks move to
 * the others, every user is still polled, an alert names it; once it works again the alert is resolved. No
 * registration ever goes over its own budget, counted at the simulator.
 */
import { conditionsFromStatus } from '../../src/alerts/alert-conditions';
import { PRESENCE_ENDPOINTS } from '../../src/sim/graph';
import type { AppRegistrationView } from '../../src/service/admin/app-registration-views';
import { eventually } from './harness/eventually';
import { startWorld, type World } from './harness/world';

const BUDGET = 30;

describe('an app-registration pool', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({
      users: 700, // two chunks of 650 ids per sweep
      seed: 12,
      simPresenceLimitPer30s: BUDGET,
      env: { PB_GRAPH_BUDGET_PER_30S: String(BUDGET), PB_POLL_BUDGET_SHARE: '0.5', PB_WRITE_BUDGET_SHARE: '0.3' },
    });
  }, 60_000);
  afterAll(() => world?.close());

  test('goes on without a revoked registration, raises and resolves its alert, and keeps every budget', async () => {
    const { admin } = world.service;
    const tenantId = world.tenantId;
    const apps = [world.teams.addApp(), world.teams.addApp()];
    const added: AppRegistrationView[] = [];
    for (const [i, app] of apps.entries()) {
      added.push(
        await admin.addAppRegistration(
          tenantId,
          { label: `Pool ${i + 2}`, clientId: app.clientId, clientSecret: app.clientSecret },
          'scenario',
        ),
      );
    }
    await eventually(
      'the restarted tenant with three registrations',
      () => world.service.runtimes.get(tenantId)?.connection.pool.size === 3,
    );
    await world.waitSweeps(3, 20_000);
    const status = await admin.status(tenantId);
    expect(status.appRegistrations?.map((r) => r.health)).toEqual(['ok', 'ok', 'ok']);

    // Revoked mid-run; then every user changes in Teams, so every one must still be read for the PBX to follow.
    world.teams.revokeAppSecret(apps[0].clientId);
    const users = await world.mapping();
    for (const u of users) world.showInTeams(u.userId, 'DoNotDisturb', 'DoNotDisturb');
    await eventually('every user routed dnd', () => users.every((u) => world.routingOf(u.extension) === 'dnd'), 40_000);
    // Found out the next time it is given a chunk (the pool rotates chunks over all three).
    const revoked = () => world.service.runtimes.get(tenantId)!.connection.pool.health(added[0].id).health;
    await eventually('the revoked registration set aside', () => revoked() === 'failing', 20_000);
    for (const u of users) world.showInTeams(u.userId, 'Available', 'Available');
    await eventually('every user routed available again', () => users.every((u) => world.routingOf(u.extension) === 'available'), 40_000);

    const failing = await admin.status(tenantId);
    const view = failing.appRegistrations!.find((r) => r.id === added[0].id)!;
    expect(view).toMatchObject({ health: 'failing', problem: { code: 'AADSTS7000215' }, use: { usersPolled: 0 } });
    const alert = conditionsFromStatus(failing, undefined, Date.now()).find((c) => c.key === `app-registration-failing-${added[0].id}`);
    expect(alert?.title).toContain('Pool 2');
    expect(alert?.text).toMatch(/now read and written through the other registrations/);

    // The admin restores the secret in Entra and checks the registration: it is back, and the alert with it.
    world.teams.restoreAppSecret(apps[0].clientId, apps[0].clientSecret);
    expect((await admin.checkAppRegistrationPermissions(tenantId, added[0].id)).ok).toBe(true);
    await world.waitSweeps(2, 20_000);
    const back = await admin.status(tenantId);
    expect(back.appRegistrations!.find((r) => r.id === added[0].id)?.health).toBe('ok');
    expect(conditionsFromStatus(back, undefined, Date.now()).filter((c) => c.key.startsWith('app-registration'))).toEqual([]);

    for (const clientId of [world.service.runtimes.get(tenantId)!.connection.clientId, ...apps.map((a) => a.clientId)]) {
      const max = world.teams.maxRequestsInWindow(PRESENCE_ENDPOINTS, 30_000, { clientId, excludeThrottled: true });
      if (max > BUDGET)
        throw new Error(`The simulator saw ${max} presence requests of app ${clientId} in one 30 s window; its budget is ${BUDGET}.`);
    }
    expect(Object.keys(world.teams.requestsByApp(['getPresencesByUserId']))).toHaveLength(3);
  }, 120_000);

  test("a registration whose check gets no token shows as failing with Entra's code at once, not as healthy", async () => {
    const { admin } = world.service;
    const tenantId = world.tenantId;
    const app = world.teams.addApp();
    const added = await admin.addAppRegistration(
      tenantId,
      { label: 'Wrong secret', clientId: app.clientId, clientSecret: `${app.clientSecret}-mistyped` },
      'scenario',
    );
    const report = await admin.checkAppRegistrationPermissions(tenantId, added.id);
    expect(report.ok).toBe(false);
    const view = (await admin.appRegistrations(tenantId)).find((r) => r.id === added.id);
    expect(view).toMatchObject({ health: 'failing', problem: { code: expect.stringMatching(/^AADSTS/) } });
    expect(view?.problem?.fix).toBeTruthy();
  }, 60_000);
});
