import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePeople } from '../../src/sim/graph';
import { checkTenantConnection } from '../../src/graph/permission-check';
import { startHarness, type Harness } from './sim-harness';
import { certificateValidFor } from '../support/test-certificates';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
/** Valid for 20 more days from the moment the test runs. */
const expiring = certificateValidFor(20, 'presence-bridge-expiring-client');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function check(creds: ReturnType<Harness['addTenant']>, tokens = h.tokens(creds)) {
  return h.time.runUntil(checkTenantConnection({ tenantId: creds.tenantId, tokens, client: h.client(creds, { tokens }), clock: h.time.clock }));
}

describe('permission check against the simulator', () => {
  test('a healthy tenant: token, all five permissions, probe answered', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 41).directoryUsers });
    const result = await check(creds);
    expect(result.ok).toBe(true);
    expect(result.permissions.map((p) => [p.name, p.granted])).toEqual([
      ['Presence.Read.All', true],
      ['Presence.ReadWrite.All', true],
      ['User.Read.All', true],
      ['TeamsUserConfiguration.Read.All', true],
      ['RoleManagement.Read.Directory', true],
    ]);
    expect(result.probe?.ok).toBe(true);
    expect(result.certificate).toBeUndefined();
  });

  test('missing permissions are listed with the fix; a broader one counts', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 42).directoryUsers, permissions: ['Presence.ReadWrite.All'] });
    const result = await check(creds);
    expect(result.ok).toBe(false);
    expect(result.permissions.filter((p) => !p.granted).map((p) => p.name)).toEqual(['User.Read.All', 'TeamsUserConfiguration.Read.All', 'RoleManagement.Read.Directory']);
    expect(result.permissions[0]).toMatchObject({ name: 'Presence.Read.All', granted: true, via: 'Presence.ReadWrite.All' });
    expect(result.permissions[2].fix).toMatch(/User\.Read\.All.*Grant admin consent/);
    expect(result.probe).toMatchObject({ ok: false, problem: { code: 'graph-permission' } });
  });

  test('Directory.Read.All covers both reading users and reading directory roles', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 43).directoryUsers, permissions: ['Presence.ReadWrite.All', 'Directory.Read.All', 'TeamsUserConfiguration.Read.All'] });
    const result = await check(creds);
    expect(result.permissions.filter((p) => p.via === 'Directory.Read.All').map((p) => p.name)).toEqual(['User.Read.All', 'RoleManagement.Read.Directory']);
    expect(result.ok).toBe(true);
  });

  test('no token: the Entra error is explained and nothing else is tried', async () => {
    const creds = h.addTenant({ consented: false });
    const before = h.sim.tenant(creds.tenantId).stats().total;
    const result = await check(creds);
    expect(result).toMatchObject({ ok: false, token: { ok: false, problem: { code: 'entra-auth', aadsts: 65001 } }, permissions: [] });
    expect(h.sim.tenant(creds.tenantId).stats().total - before).toBeLessThanOrEqual(2);
  });

  test('a certificate that expires soon is flagged with the date', async () => {
    const creds = h.addTenant({ clientCertificatePem: expiring.certPem });
    const tokens = h.tokens(creds, { kind: 'certificate', certPem: expiring.certPem, keyPem: expiring.keyPem });
    const result = await h.time.runUntil(
      checkTenantConnection({ tenantId: creds.tenantId, tokens, client: h.client(creds, { tokens }), clock: h.time.clock, certificateWarningDays: 60 }),
    );
    expect(result.certificate?.warning).toMatch(/expires in \d+ days/);
    expect(result.certificate?.daysLeft).toBeGreaterThanOrEqual(0);
  });
});
