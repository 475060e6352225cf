import { AdminInputError } from '../../../src/service/admin/admin-service';
import { eventually, startDemoService, type DemoService } from '../../support/demo-service';
import { demoOf } from '../../../src/demo/demo-of';

let demo: DemoService;
beforeAll(async () => {
  demo = await startDemoService();
});
afterAll(() => demo.stop());

const admin = () => demo.service.admin;

describe('the admin service over a running demo tenant', () => {
  test('Check permissions reads the grants from Graph: one revoked and granted again shows each time, and without the optional Application.Read.All it probes instead, calmly', async () => {
    const sim = demoOf(demo.service).graph.tenant(demo.tenantId);
    try {
      sim.revokePermission('TeamsUserConfiguration.Read.All');
      const revoked = await admin().checkPermissions(demo.tenantId);
      expect(revoked.permissions.find((p) => p.name === 'TeamsUserConfiguration.Read.All')).toMatchObject({
        granted: false,
        fix: expect.stringContaining('Grant admin consent'),
      });
      expect(revoked.ok).toBe(false);
      sim.grantPermission('TeamsUserConfiguration.Read.All');
      expect((await admin().checkPermissions(demo.tenantId)).ok).toBe(true);

      sim.revokePermission('Application.Read.All');
      const probed = await admin().checkPermissions(demo.tenantId);
      expect(probed).toMatchObject({
        ok: true,
        grants: { ok: true, source: 'probes', note: expect.stringContaining('Application.Read.All') },
      });
      expect(probed.permissions.find((p) => p.name === 'Presence.Read.All')).toMatchObject({ state: 'granted' });
      expect(probed.permissions.find((p) => p.name === 'Presence.ReadWrite.All')).toMatchObject({
        state: 'unverified',
        detail: expect.stringMatching(/presence write/),
      });
      expect(probed.permissions.find((p) => p.name === 'Application.Read.All')).toMatchObject({ state: 'missing', optional: true });

      sim.revokePermission('TeamsUserConfiguration.Read.All');
      const probedMissing = await admin().checkPermissions(demo.tenantId);
      expect(probedMissing.ok).toBe(false);
      expect(probedMissing.permissions.find((p) => p.name === 'TeamsUserConfiguration.Read.All')).toMatchObject({
        state: 'missing',
        fix: expect.stringContaining('Grant admin consent'),
      });
    } finally {
      sim.grantPermission('TeamsUserConfiguration.Read.All');
      sim.grantPermission('Application.Read.All');
    }
  });

  test('status counts the mapping and carries no secret', async () => {
    const status = await admin().status(demo.tenantId);
    expect(status.counts.mapped).toBeGreaterThan(30);
    expect(status.parts.connector.status).toBe('ok');
    expect(status.credential.kind).toBe('secret');
    const json = JSON.stringify(status);
    expect(json).not.toContain(demo.service.demo!.credentials.clientSecret);
    expect(json).not.toContain(demo.service.demo!.pbxSecret);
  });

  test('users can be filtered by status and found by principal name', async () => {
    const unmatched = await admin().users(demo.tenantId, { status: 'unmatched' });
    expect(unmatched.rows.every((r) => r.status === 'unmatched')).toBe(true);
    const all = await admin().users(demo.tenantId, { limit: 500 });
    const someone = all.rows.find((r) => r.status === 'matched')!;
    const found = await admin().findUser(demo.tenantId, someone.userPrincipalName!.toUpperCase());
    expect(found.map((r) => r.userId)).toEqual([someone.userId]);
  });

  test('an override to an unknown extension is refused and changes nothing', async () => {
    const before = await demo.service.store.mappings.overrides(demo.tenantId);
    const someone = (await admin().users(demo.tenantId, { status: 'matched' })).rows[0];
    await expect(admin().setOverride(demo.tenantId, someone.userId, '99999', 'admin@contoso.com')).rejects.toThrow(
      /extension 99999 is not in the PBX's user list/,
    );
    expect(await demo.service.store.mappings.overrides(demo.tenantId)).toEqual(before);
  });

  test('excluding a user takes them out of the mapping; clearing brings them back', async () => {
    const someone = (await admin().users(demo.tenantId, { status: 'matched' })).rows[1];
    await admin().setOverride(demo.tenantId, someone.userId, null, 'admin@contoso.com');
    expect((await admin().findUser(demo.tenantId, someone.userId))[0].status).toBe('excluded');
    expect((await demo.service.store.mappings.list(demo.tenantId)).some((m) => m.userId === someone.userId)).toBe(false);
    await admin().clearOverride(demo.tenantId, someone.userId, 'admin@contoso.com');
    expect((await admin().findUser(demo.tenantId, someone.userId))[0].status).toBe('matched');
  });

  test('a CSV import with one bad row applies nothing and names the row', async () => {
    const before = await demo.service.store.mappings.overrides(demo.tenantId);
    const someone = (await admin().users(demo.tenantId, { status: 'matched' })).rows[2];
    const csv = `userPrincipalName,extension\n${someone.userPrincipalName},${someone.extension}\nnobody@contoso.com,1001\n`;
    const error = await admin()
      .applyMappingImport(demo.tenantId, csv, 'admin@contoso.com')
      .catch((e) => e);
    expect(error).toBeInstanceOf(AdminInputError);
    expect((error as AdminInputError).problems[0].path).toMatch(/^row 3/);
    expect(await demo.service.store.mappings.overrides(demo.tenantId)).toEqual(before);
  });

  test('an invalid policy is refused and the running policy stays', async () => {
    const before = admin().policy(demo.tenantId);
    const result = await admin().savePolicy(
      demo.tenantId,
      { preset: 'default', pbxToTeams: { rules: [{ line: 'onCall', teams: { availability: 'Busy', activity: 'InAMeeting' } }] } },
      'admin@contoso.com',
    );
    expect(result.ok).toBe(false);
    expect(admin().policy(demo.tenantId)).toEqual(before);
  });

  test('a dry run shows who would change without writing anything', async () => {
    const tenant = demoOf(demo.service).graph.tenant(demo.tenantId);
    const someone = (await admin().users(demo.tenantId, { status: 'matched' })).rows[3];
    tenant.setUserPresence(someone.userId, 'Available', 'Available');
    await eventually(
      'the Available state to reach the PBX',
      () => demoOf(demo.service).pbx.state(someone.extension!).routing?.state === 'available',
    );
    const draft = { preset: 'custom', teamsToPbx: { rules: [{ availability: '*', activity: '*', routing: 'dnd' }] } };
    const result = await admin().dryRun(demo.tenantId, draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes.find((c) => c.userId === someone.userId)?.routing).toEqual({ from: 'available', to: 'dnd' });
    expect(demoOf(demo.service).pbx.state(someone.extension!).routing?.state).toBe('available');
  });

  test('pausing the tenant is recorded with who did it, and resuming clears it', async () => {
    const n = await admin().pause(demo.tenantId, null, 'admin@contoso.com');
    expect(n).toBeGreaterThan(0);
    expect((await admin().status(demo.tenantId)).paused?.by).toBe('admin@contoso.com');
    await admin().resume(demo.tenantId, null, 'admin@contoso.com');
    expect((await admin().status(demo.tenantId)).paused).toBeUndefined();
  });

  test('a single user paused shows in the status as the longest user pause, for the alert', async () => {
    const [someone] = (await admin().users(demo.tenantId, { status: 'matched' })).rows;
    expect((await admin().status(demo.tenantId)).longestUserPause).toBeUndefined();
    await admin().pause(demo.tenantId, someone.userId, 'helpdesk@contoso.com');
    const status = await admin().status(demo.tenantId);
    expect(status.longestUserPause).toMatchObject({ userId: someone.userId, by: 'helpdesk@contoso.com' });
    expect(status.counts.pausedUsers).toBe(1);
    expect(status.paused).toBeUndefined();
    await admin().resume(demo.tenantId, someone.userId, 'helpdesk@contoso.com');
    expect((await admin().status(demo.tenantId)).longestUserPause).toBeUndefined();
  });

  test("setup shows secrets as set or not set, and refuses a secret's ID pasted for its value", async () => {
    const setup = await admin().setup(demo.tenantId);
    expect(setup.secrets).toEqual({ clientSecret: true, certificate: false, pbxSecret: true });
    expect(JSON.stringify(setup)).not.toContain(demo.service.demo!.credentials.clientSecret);
    await expect(
      admin().changeSetup(demo.tenantId, { clientSecret: '4c1f3f3e-5a4b-4b7e-9d55-1f2e3d4c5b6a' }, 'admin@contoso.com'),
    ).rejects.toThrow(/secret's ID/);
    expect(await demo.service.store.secrets.get(demo.tenantId, 'clientSecret')).toBe(demo.service.demo!.credentials.clientSecret);
  });

  test('an expired client secret shows in status with its Entra code and the fix', async () => {
    const tenant = demoOf(demo.service).graph.tenant(demo.tenantId);
    tenant.expireSecret();
    tenant.revokeTokens();
    await demo.service.runtimes
      .get(demo.tenantId)!
      .poller.sweepNow()
      .catch(() => undefined);
    const status = await eventually('the expired secret to show', async () => {
      const s = await admin().status(demo.tenantId);
      return s.errors.some((e) => e.code === 'AADSTS7000222') ? s : undefined;
    });
    const error = status.errors.find((e) => e.code === 'AADSTS7000222')!;
    expect(error.fix).toMatch(/secret/i);
    expect(status.parts.token.status).toBe('down');
  });
});
