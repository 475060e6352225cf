import { generatePeople } from '../../src/sim/graph';
import { checkTenantConnection } from '../../src/graph/permission-check';
import { startHarness, type Harness } from './sim-harness';
import { certificateValidFor } from '../support/test-certificates';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/** Valid for 20 more days from the moment the test runs. */
const expiring = certificateValidFor(20, 'presence-bridge-expiring-client');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function check(creds: ReturnType<Harness['addTenant']>, tokens = h.tokens(creds)) {
  return h.time.runUntil(
    checkTenantConnection({
      tenantId: creds.tenantId,
      clientId: creds.clientId,
      tokens,
      client: h.client(creds, { tokens }),
      clock: h.time.clock,
    }),
  );
}

describe('permission check against the simulator', () => {
  test('a healthy tenant: token, every required permission, probe answered', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 41).directoryUsers });
    const result = await check(creds);
    expect(result.ok).toBe(true);
    expect(result.permissions.map((p) => [p.name, p.granted])).toEqual([
      ['Presence.Read.All', true],
      ['Presence.ReadWrite.All', true],
      ['User.Read.All', true],
      ['TeamsUserConfiguration.Read.All', true],
      ['RoleManagement.Read.Directory', true],
      ['Application.Read.All', true],
    ]);
    expect(result.probe?.ok).toBe(true);
    expect(result.certificate).toBeUndefined();
  });

  test('missing permissions are listed with the fix; a broader one counts', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 42).directoryUsers,
      permissions: ['Presence.ReadWrite.All', 'Application.Read.All'],
    });
    const result = await check(creds);
    expect(result.ok).toBe(false);
    expect(result.permissions.filter((p) => !p.granted).map((p) => p.name)).toEqual([
      'User.Read.All',
      'TeamsUserConfiguration.Read.All',
      'RoleManagement.Read.Directory',
    ]);
    expect(result.permissions[0]).toMatchObject({ name: 'Presence.Read.All', granted: true, via: 'Presence.ReadWrite.All' });
    expect(result.permissions[2].fix).toMatch(/User\.Read\.All.*Grant admin consent/);
    expect(result.probe).toMatchObject({ ok: false, problem: { code: 'graph-permission' } });
  });

  test('Directory.Read.All covers both reading users and reading directory roles', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 43).directoryUsers,
      permissions: ['Presence.ReadWrite.All', 'Directory.Read.All', 'TeamsUserConfiguration.Read.All'],
    });
    const result = await check(creds);
    expect(result.permissions.filter((p) => p.via === 'Directory.Read.All').map((p) => p.name)).toEqual([
      'User.Read.All',
      'RoleManagement.Read.Directory',
      'Application.Read.All',
    ]);
    expect(result.ok).toBe(true);
  });

  test('no token: the Entra error is explained and nothing else is tried', async () => {
    const creds = h.addTenant({ consented: false });
    const before = h.sim.tenant(creds.tenantId).stats().total;
    const result = await check(creds);
    expect(result).toMatchObject({ ok: false, token: { ok: false, problem: { code: 'entra-auth', aadsts: 65001 } }, permissions: [] });
    expect(h.sim.tenant(creds.tenantId).stats().total - before).toBeLessThanOrEqual(2);
    // Problem and fix apart: every reader prints both, so the message must not carry the fix as well.
    const problem = !result.token.ok ? result.token.problem : undefined;
    expect(problem?.fix).toBeTruthy();
    expect(problem?.message).not.toContain(problem!.fix!);
  });

  test('a certificate that expires soon is flagged with the date', async () => {
    const creds = h.addTenant({ clientCertificatePem: expiring.certPem });
    const tokens = h.tokens(creds, { kind: 'certificate', certPem: expiring.certPem, keyPem: expiring.keyPem });
    const result = await h.time.runUntil(
      checkTenantConnection({
        tenantId: creds.tenantId,
        clientId: creds.clientId,
        tokens,
        client: h.client(creds, { tokens }),
        clock: h.time.clock,
        certificateWarningDays: 60,
      }),
    );
    expect(result.certificate?.warning).toMatch(/expires in \d+ days/);
    expect(result.certificate?.daysLeft).toBeGreaterThanOrEqual(0);
  });
});

describe('permission check without reading the access token', () => {
  test('an opaque (non-JWT) access token: every permission is still checked, from the grants Graph lists', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 44).directoryUsers,
      opaqueAccessTokens: true,
      permissions: ['Presence.Read.All', 'User.Read.All', 'Application.Read.All'],
    });
    const token = await h.time.runUntil(h.tokens(creds).getToken());
    expect(token.token).not.toContain('.');
    const result = await check(creds);
    expect(result.token.ok).toBe(true);
    expect(result.permissions.map((p) => [p.name, p.granted])).toEqual([
      ['Presence.Read.All', true],
      ['Presence.ReadWrite.All', false],
      ['User.Read.All', true],
      ['TeamsUserConfiguration.Read.All', false],
      ['RoleManagement.Read.Directory', false],
      ['Application.Read.All', true],
    ]);
    expect(result.grants).toEqual({ ok: true, source: 'listing' });
    expect(result.permissions.map((p) => p.state)).not.toContain('unverified');
    expect(result.probe?.ok).toBe(true);
  });

  test('a permission granted after a first check shows at the next check, with the same token provider', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 45).directoryUsers,
      permissions: ['Presence.ReadWrite.All', 'Application.Read.All', 'TeamsUserConfiguration.Read.All', 'RoleManagement.Read.Directory'],
    });
    const tokens = h.tokens(creds);
    const first = await check(creds, tokens);
    expect(first.permissions.find((p) => p.name === 'User.Read.All')?.granted).toBe(false);
    expect(first.probe?.ok).toBe(false);

    h.sim.tenant(creds.tenantId).grantPermission('User.Read.All');
    const second = await check(creds, tokens);
    expect(second.permissions.find((p) => p.name === 'User.Read.All')?.granted).toBe(true);
    // The running service's calls get the new grant at once too: no cached token keeps the old roles.
    expect(second.probe?.ok).toBe(true);
    expect(second.ok).toBe(true);
  });

  test('an unreachable sign-in server is a network problem naming PB_AUTHORITY_HOST, not an Entra refusal', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 47).directoryUsers });
    h.sim.tenant(creds.tenantId).setFaults({ entraUnreachable: true });
    const result = await check(creds);
    expect(result.ok).toBe(false);
    if (result.token.ok) throw new Error('the token should have failed');
    expect(result.token.problem.code).toBe('entra-unreachable');
    expect(result.token.problem.aadsts).toBeUndefined();
    expect(result.token.problem.message).toMatch(/cannot reach the sign-in server localhost:\d+/i);
    expect(result.token.problem.message).not.toMatch(/refused|AADSTS/);
    expect(result.token.problem.fix).toContain('PB_AUTHORITY_HOST');
  });
});

describe('permission check without the optional Application.Read.All: harmless probes instead of the list', () => {
  const states = (r: { permissions: Array<{ name: string; state: string }> }) => r.permissions.map((p) => [p.name, p.state]);
  const NOTE = /Granting it would give the exact list/;

  test('every required permission granted: probes show them, the write permission is not verifiable, and the check passes', async () => {
    const people = generatePeople(3, 48).directoryUsers;
    const creds = h.addTenant({
      users: people,
      permissions: ['Presence.ReadWrite.All', 'User.Read.All', 'TeamsUserConfiguration.Read.All', 'RoleManagement.Read.Directory'],
    });
    for (const u of people) h.sim.tenant(creds.tenantId).assignRole(u.id, GLOBAL_ADMINISTRATOR);
    const result = await check(creds);
    expect(states(result)).toEqual([
      ['Presence.Read.All', 'granted'],
      ['Presence.ReadWrite.All', 'unverified'],
      ['User.Read.All', 'granted'],
      ['TeamsUserConfiguration.Read.All', 'granted'],
      ['RoleManagement.Read.Directory', 'granted'],
      ['Application.Read.All', 'missing'],
    ]);
    expect(result.permissions[1].detail).toMatch(/first presence write/);
    expect(result.permissions[5]).toMatchObject({ optional: true, granted: false });
    expect(result.grants).toEqual({ ok: true, source: 'probes', note: expect.stringMatching(NOTE) });
    expect(result.ok).toBe(true);
  });

  test('missing ones answer 403 and are named with their fix; the check fails for them, not for the optional one', async () => {
    const people = generatePeople(3, 49).directoryUsers;
    const creds = h.addTenant({ users: people, permissions: ['User.Read.All'] });
    for (const u of people) h.sim.tenant(creds.tenantId).assignRole(u.id, GLOBAL_ADMINISTRATOR);
    const result = await check(creds);
    expect(states(result)).toEqual([
      ['Presence.Read.All', 'missing'],
      ['Presence.ReadWrite.All', 'unverified'],
      ['User.Read.All', 'granted'],
      ['TeamsUserConfiguration.Read.All', 'missing'],
      ['RoleManagement.Read.Directory', 'missing'],
      ['Application.Read.All', 'missing'],
    ]);
    expect(result.permissions[0].fix).toMatch(/Presence\.Read\.All.*Grant admin consent/);
    expect(result.permissions[4].detail).toMatch(/hid the role details/);
    expect(result.grants?.note).toMatch(NOTE);
    expect(result.ok).toBe(false);
  });

  test('without User.Read.All the probes that need a user id say they cannot tell, and User.Read.All is missing', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 50).directoryUsers,
      permissions: ['Presence.Read.All', 'TeamsUserConfiguration.Read.All'],
    });
    const result = await check(creds);
    expect(states(result)).toEqual([
      ['Presence.Read.All', 'unverified'],
      ['Presence.ReadWrite.All', 'unverified'],
      ['User.Read.All', 'missing'],
      ['TeamsUserConfiguration.Read.All', 'granted'],
      ['RoleManagement.Read.Directory', 'unverified'],
      ['Application.Read.All', 'missing'],
    ]);
    expect(result.permissions[0].detail).toMatch(/reading users failed/);
    expect(result.ok).toBe(false);
  });

  test('a user without directory roles cannot show whether role details are hidden: not verifiable, not missing', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 51).directoryUsers,
      permissions: ['Presence.Read.All', 'User.Read.All', 'TeamsUserConfiguration.Read.All'],
    });
    const result = await check(creds);
    expect(result.permissions.find((p) => p.name === 'RoleManagement.Read.Directory')).toMatchObject({
      state: 'unverified',
      detail: expect.stringMatching(/no directory role/),
    });
    expect(result.ok).toBe(true);
  });

  test('an opaque (non-JWT) access token: the probes work the same', async () => {
    const creds = h.addTenant({
      users: generatePeople(3, 52).directoryUsers,
      opaqueAccessTokens: true,
      permissions: ['Presence.Read.All', 'User.Read.All'],
    });
    expect((await h.time.runUntil(h.tokens(creds).getToken())).token).not.toContain('.');
    const result = await check(creds);
    expect(states(result).slice(0, 4)).toEqual([
      ['Presence.Read.All', 'granted'],
      ['Presence.ReadWrite.All', 'unverified'],
      ['User.Read.All', 'granted'],
      ['TeamsUserConfiguration.Read.All', 'missing'],
    ]);
  });

  test('a permission granted after a first check shows at the next check (a fresh token each time)', async () => {
    const creds = h.addTenant({ users: generatePeople(3, 53).directoryUsers, permissions: ['User.Read.All'] });
    const tokens = h.tokens(creds);
    expect((await check(creds, tokens)).permissions[0].state).toBe('missing');
    h.sim.tenant(creds.tenantId).grantPermission('Presence.Read.All');
    expect((await check(creds, tokens)).permissions[0].state).toBe('granted');
  });
});
