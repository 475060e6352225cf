import { AdminInputError, UnknownTenantError, type AdminService } from '../../src/service/admin/admin-service';
import { createLocalTokenIssuer } from '../../src/admin/local-token-issuer';
import { EntraAuthError } from '../../src/graph/errors';
import { presetPolicy } from '../../src/sync/decision/presets';
import {
  ADMIN_GROUP,
  CLIENT_ID,
  NOT_SERVED,
  startAdminTestServer,
  TENANT_A,
  TENANT_B,
  type AdminTestServer,
} from './support/admin-test-server';
import { ALICE, PLAIN_USER } from './support/fake-admin-service';

let s: AdminTestServer;
beforeAll(async () => {
  s = await startAdminTestServer();
});
afterEach(async () => {
  await s.jobs.idle();
  s.admin.reset();
});
afterAll(async () => {
  await s.close();
});

const CSV = 'userPrincipalName,extension\nalice@contoso.example,1001\n';
const PBX_CSV = 'extension,email\n1001,alice@contoso.example\n';
const policy = presetPolicy('default');

type Rule = 'admin' | 'self' | 'signedIn';

interface RouteCase {
  /** The route as registered: "METHOD /path/:param". */
  route: string;
  /** A request to it with valid input. */
  path: string;
  json?: unknown;
  csv?: string;
  rule: Rule;
  /** For an admin of the tenant (tenant A). */
  status: number;
  /** For an admin of another tenant (B), who sees only tenant B: the same unless it names a user of A. */
  otherTenantStatus?: number;
  calls: keyof AdminService | null;
}

const JOB_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Every route of the admin API and who may call it. A route the server has that is missing here fails the
 * first test: a new route needs an explicit rule.
 */
const ROUTES: RouteCase[] = [
  { route: 'GET /api/admin/me', path: '/api/admin/me', rule: 'signedIn', status: 200, calls: null },
  { route: 'GET /api/admin/status', path: '/api/admin/status', rule: 'admin', status: 200, calls: 'status' },
  {
    route: 'GET /api/admin/users',
    path: '/api/admin/users?search=ali&status=matched&offset=0&limit=10',
    rule: 'admin',
    status: 200,
    calls: 'users',
  },
  {
    route: 'GET /api/admin/users/:userId/trace',
    path: `/api/admin/users/${ALICE.userId}/trace?limit=5`,
    rule: 'self',
    status: 200,
    otherTenantStatus: 404,
    calls: 'findUser',
  },
  {
    route: 'PUT /api/admin/users/:userId/override',
    path: `/api/admin/users/${ALICE.userId}/override`,
    json: { extension: '2002' },
    rule: 'admin',
    status: 204,
    calls: 'setOverride',
  },
  {
    route: 'DELETE /api/admin/users/:userId/override',
    path: `/api/admin/users/${ALICE.userId}/override`,
    rule: 'admin',
    status: 204,
    calls: 'clearOverride',
  },
  {
    route: 'POST /api/admin/users/:userId/pause',
    path: `/api/admin/users/${ALICE.userId}/pause`,
    rule: 'admin',
    status: 200,
    otherTenantStatus: 404,
    calls: 'pause',
  },
  {
    route: 'POST /api/admin/users/:userId/resume',
    path: `/api/admin/users/${ALICE.userId}/resume`,
    rule: 'admin',
    status: 200,
    otherTenantStatus: 404,
    calls: 'resume',
  },
  {
    route: 'POST /api/admin/mapping/import/preview',
    path: '/api/admin/mapping/import/preview',
    csv: CSV,
    rule: 'admin',
    status: 200,
    calls: 'previewMappingImport',
  },
  {
    route: 'POST /api/admin/mapping/import',
    path: '/api/admin/mapping/import',
    csv: CSV,
    rule: 'admin',
    status: 200,
    calls: 'applyMappingImport',
  },
  { route: 'GET /api/admin/mapping/export', path: '/api/admin/mapping/export', rule: 'admin', status: 200, calls: 'exportMapping' },
  {
    route: 'POST /api/admin/pbx-users/import/preview',
    path: '/api/admin/pbx-users/import/preview',
    csv: PBX_CSV,
    rule: 'admin',
    status: 200,
    calls: 'previewPbxUserImport',
  },
  {
    route: 'POST /api/admin/pbx-users/import',
    path: '/api/admin/pbx-users/import',
    csv: PBX_CSV,
    rule: 'admin',
    status: 200,
    calls: 'applyPbxUserImport',
  },
  {
    route: 'POST /api/admin/directory/refresh',
    path: '/api/admin/directory/refresh',
    json: { acceptDrop: true },
    rule: 'admin',
    status: 202,
    calls: 'refreshDirectory',
  },
  { route: 'POST /api/admin/sync-now', path: '/api/admin/sync-now', rule: 'admin', status: 202, calls: 'syncNow' },
  { route: 'GET /api/admin/jobs/:jobId', path: `/api/admin/jobs/${JOB_ID}`, rule: 'admin', status: 404, calls: null },
  { route: 'GET /api/admin/rules', path: '/api/admin/rules', rule: 'admin', status: 200, calls: 'policy' },
  { route: 'POST /api/admin/rules/validate', path: '/api/admin/rules/validate', json: policy, rule: 'admin', status: 200, calls: null },
  { route: 'POST /api/admin/rules/dry-run', path: '/api/admin/rules/dry-run', json: policy, rule: 'admin', status: 200, calls: 'dryRun' },
  { route: 'PUT /api/admin/rules', path: '/api/admin/rules', json: policy, rule: 'admin', status: 200, calls: 'savePolicy' },
  { route: 'POST /api/admin/pause', path: '/api/admin/pause', rule: 'admin', status: 200, calls: 'pause' },
  { route: 'POST /api/admin/resume', path: '/api/admin/resume', rule: 'admin', status: 200, calls: 'resume' },
  { route: 'GET /api/admin/setup', path: '/api/admin/setup', rule: 'admin', status: 200, calls: 'setup' },
  {
    route: 'PUT /api/admin/setup',
    path: '/api/admin/setup',
    json: { directions: { pbxToTeams: false } },
    rule: 'admin',
    status: 200,
    calls: 'changeSetup',
  },
  {
    route: 'POST /api/admin/setup/check-permissions',
    path: '/api/admin/setup/check-permissions',
    rule: 'admin',
    status: 200,
    calls: 'checkPermissions',
  },
  {
    route: 'POST /api/admin/setup/test-connector',
    path: '/api/admin/setup/test-connector',
    rule: 'admin',
    status: 200,
    calls: 'testConnector',
  },
  {
    route: 'GET /api/admin/setup/consent-url',
    path: '/api/admin/setup/consent-url?redirectUri=https%3A%2F%2Fbridge.example.com%2Ftab%2Fconsent-end.html&state=abc',
    rule: 'admin',
    status: 200,
    calls: 'adminConsentUrl',
  },
  {
    route: 'POST /api/admin/setup/consent-result',
    path: '/api/admin/setup/consent-result',
    json: { granted: true },
    rule: 'admin',
    status: 204,
    calls: 'recordConsent',
  },
  {
    route: 'GET /api/admin/app-registrations',
    path: '/api/admin/app-registrations',
    rule: 'admin',
    status: 200,
    calls: 'appRegistrations',
  },
  {
    route: 'POST /api/admin/app-registrations',
    path: '/api/admin/app-registrations',
    json: { label: 'Pool 2', clientId: '22222222-3333-4444-5555-666666666666', clientSecret: 'Zq8~secret-value' },
    rule: 'admin',
    status: 201,
    calls: 'addAppRegistration',
  },
  {
    route: 'PUT /api/admin/app-registrations/:id',
    path: '/api/admin/app-registrations/reg-1',
    json: { label: 'Renamed' },
    rule: 'admin',
    status: 200,
    calls: 'changeAppRegistration',
  },
  {
    route: 'DELETE /api/admin/app-registrations/:id',
    path: '/api/admin/app-registrations/reg-1',
    rule: 'admin',
    status: 204,
    calls: 'removeAppRegistration',
  },
  {
    route: 'POST /api/admin/app-registrations/:id/check-permissions',
    path: '/api/admin/app-registrations/reg-1/check-permissions',
    rule: 'admin',
    status: 200,
    calls: 'checkAppRegistrationPermissions',
  },
  {
    route: 'GET /api/admin/app-registrations/:id/consent-url',
    path: '/api/admin/app-registrations/reg-1/consent-url?redirectUri=https%3A%2F%2Fbridge.example.com%2Ftab%2Fconsent-end.html&state=abc',
    rule: 'admin',
    status: 200,
    calls: 'appRegistrationConsentUrl',
  },
  {
    route: 'POST /api/admin/app-registrations/:id/consent-result',
    path: '/api/admin/app-registrations/reg-1/consent-result',
    json: { granted: true },
    rule: 'admin',
    status: 204,
    calls: 'recordAppRegistrationConsent',
  },
  { route: 'GET /api/admin/audit', path: '/api/admin/audit?limit=20&beforeId=99', rule: 'admin', status: 200, calls: 'auditLog' },
  { route: 'GET /api/admin/audit/export', path: '/api/admin/audit/export', rule: 'admin', status: 200, calls: 'exportAuditLog' },
];

function send(c: Pick<RouteCase, 'route' | 'path' | 'json' | 'csv'>, token?: string) {
  const method = c.route.split(' ')[0];
  return s.request(method, c.path, { token, json: c.json, ...(c.csv !== undefined ? { body: c.csv, contentType: 'text/csv' } : {}) });
}

const named = (cases: RouteCase[]) => cases.map((c) => [c.route, c] as const);

describe('who may call which route', () => {
  test('every route the server has is in the table (a new route needs a rule), and every route in the table exists', () => {
    expect([...s.routes()].sort()).toEqual(ROUTES.map((c) => c.route).sort());
  });

  test.each(named(ROUTES))('no token: %s is 401 and the service is not called', async (_name, c) => {
    const r = await send(c);
    expect({ status: r.status, code: r.json?.error }).toEqual({ status: 401, code: 'missingToken' });
    await s.jobs.idle();
    expect(s.admin.calls).toEqual([]);
  });

  test.each(named(ROUTES))("plain user of the tenant: %s, someone else's data or a change, is 403", async (_name, c) => {
    const r = await send(c, await s.token('user'));
    const expected = {
      admin: { status: 403, code: 'notAdmin' },
      self: { status: 403, code: 'notYourData' },
      signedIn: { status: 200, code: undefined },
    }[c.rule];
    expect({ status: r.status, code: r.json?.error }).toEqual(expected);
    await s.jobs.idle();
    if (c.rule !== 'signedIn') expect(s.admin.calls).toEqual([]);
  });

  test.each(named(ROUTES))('admin of the tenant: %s reaches the service for that tenant', async (_name, c) => {
    const r = await send(c, await s.token('admin'));
    expect(r.status).toBe(c.status);
    await s.jobs.idle();
    if (c.calls) expect(s.admin.calls.map((call) => call.method)).toContain(c.calls);
    else expect(s.admin.calls).toEqual([]);
    expect(s.admin.calls.every((call) => call.tenantId === TENANT_A)).toBe(true);
  });

  test.each(named(ROUTES))("another tenant's admin: %s sees and changes only their own tenant", async (_name, c) => {
    const r = await send(c, await s.token('admin', { tid: TENANT_B }));
    expect(r.status).toBe(c.otherTenantStatus ?? c.status);
    await s.jobs.idle();
    expect(s.admin.calls.every((call) => call.tenantId === TENANT_B)).toBe(true);
  });

  test.each(['pause', 'resume'])(
    'an admin who %ss a user id nobody in the tenant has gets 404 naming it, and nothing is paused or resumed',
    async (action) => {
      const r = await s.request('POST', `/api/admin/users/no-such-user/${action}`, { token: await s.token('admin') });
      expect({ status: r.status, code: r.json?.error }).toEqual({ status: 404, code: 'unknownUser' });
      expect(r.json.message).toContain('no-such-user');
      expect(s.admin.calls.map((c) => c.method)).not.toContain(action);
    },
  );

  test("a plain user reads their own trace (why is my phone on DND?), not a colleague's", async () => {
    const token = await s.token('user');
    const own = await s.request('GET', `/api/admin/users/${PLAIN_USER.userId}/trace`, { token });
    expect(own.status).toBe(200);
    expect(own.json.user).toMatchObject({ userId: PLAIN_USER.userId });
    expect(s.admin.calls.filter((c) => c.method === 'trace')).toEqual([
      { method: 'trace', tenantId: TENANT_A, args: [PLAIN_USER.userId, 50] },
    ]);

    s.admin.reset();
    const colleague = await s.request('GET', `/api/admin/users/${ALICE.userId}/trace`, { token });
    expect(colleague.status).toBe(403);
    expect(colleague.json.message).toMatch(/your own sync trace/);
    expect(s.admin.calls).toEqual([]);
  });

  test('a plain user missing from the directory is told so, in words meant for them', async () => {
    const r = await s.request('GET', '/api/admin/users/oid-new/trace', { token: await s.token('user', { oid: 'oid-new' }) });
    expect(r.status).toBe(404);
    expect(r.json.message).toMatch(/does not know you yet/);
  });

  test('me says who is signed in and whether they are an admin', async () => {
    const user = await s.request('GET', '/api/admin/me', { token: await s.token('user') });
    expect(user.json).toEqual({ userId: 'oid-user', userPrincipalName: 'user@contoso.example', displayName: 'user', isAdmin: false });
    const admin = await s.request('GET', '/api/admin/me', { token: await s.token('admin') });
    expect(admin.json).toMatchObject({ userId: 'oid-admin', isAdmin: true });
  });

  test('a member of the configured admin group counts as an admin; a group of the wrong id does not', async () => {
    const member = await s.request('GET', '/api/admin/users', { token: await s.token('user', { groups: [ADMIN_GROUP] }) });
    expect(member.status).toBe(200);
    const other = await s.request('GET', '/api/admin/users', {
      token: await s.token('user', { groups: ['99999999-0000-4000-8000-000000000000'] }),
    });
    expect(other.status).toBe(403);
  });
});

describe('authentication', () => {
  test('a request without a token is refused with 401 and a Bearer challenge', async () => {
    const r = await s.request('GET', '/api/admin/status');
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: 'missingToken' });
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test.each<[string, () => Promise<string>, number, string]>([
    [
      'expired',
      () =>
        s.token('admin', {
          exp: Math.floor(Date.now() / 1000) - 600,
          iat: Math.floor(Date.now() / 1000) - 4000,
          nbf: Math.floor(Date.now() / 1000) - 4000,
        }),
      401,
      'expiredToken',
    ],
    [
      'forged (signed by another key)',
      async () => (await createLocalTokenIssuer({ clientId: CLIENT_ID, kid: s.issuer.kid })).sign({ tid: TENANT_A, oid: 'x', wids: [] }),
      401,
      'badSignature',
    ],
    ['for another app', () => s.token('admin', { aud: '99999999-9999-9999-9999-999999999999' }), 401, 'wrongAudience'],
    [
      'issued by another tenant than it names',
      () => s.token('admin', { iss: `https://login.microsoftonline.com/${TENANT_B}/v2.0` }),
      401,
      'wrongIssuer',
    ],
    ['of a tenant this deployment does not serve', () => s.token('admin', { tid: NOT_SERVED }), 403, 'tenantNotServed'],
    ['without access_as_user', () => s.token('admin', { scp: 'User.Read' }), 403, 'missingScope'],
  ])('an %s token is refused on every route and the service is never called', async (_what, makeToken, status, code) => {
    const token = await makeToken();
    for (const c of ROUTES) {
      const r = await send(c, token);
      expect({ route: c.route, status: r.status, code: r.json?.error }).toEqual({ route: c.route, status, code });
    }
    expect(s.admin.calls).toEqual([]);
  });
});

describe('a signed-in user who is not an admin', () => {
  test.each(named(ROUTES.filter((c) => c.rule === 'admin')))(
    'cannot see or change: %s is 403 and the service is not called',
    async (_name, c) => {
      const r = await send(c, await s.token('user'));
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: 'notAdmin' });
      expect(r.json.message).toMatch(/Global Administrator|Teams Administrator/);
      await s.jobs.idle();
      expect(s.admin.calls).toEqual([]);
    },
  );
});

describe('an admin', () => {
  test('changes are recorded as made by the signed-in admin', async () => {
    await s.request('PUT', `/api/admin/users/${ALICE.userId}/override`, { token: await s.token('admin'), json: { extension: null } });
    expect(s.admin.calls).toEqual([{ method: 'setOverride', tenantId: TENANT_A, args: [ALICE.userId, null, 'admin@contoso.example'] }]);
  });

  test('the user list passes the parsed query on', async () => {
    await s.request('GET', '/api/admin/users?search=ali&status=conflict&offset=20&limit=10', { token: await s.token('admin') });
    expect(s.admin.calls[0]).toEqual({
      method: 'users',
      tenantId: TENANT_A,
      args: [{ search: 'ali', status: 'conflict', offset: 20, limit: 10 }],
    });
  });

  test('the mapping export is a CSV download', async () => {
    const r = await s.request('GET', '/api/admin/mapping/export', { token: await s.token('admin') });
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment/);
    expect(r.text).toContain('alice@contoso.example,1001');
  });

  test('the audit log passes its paging on; its export is a CSV download', async () => {
    const page = await s.request('GET', '/api/admin/audit?limit=20&beforeId=99', { token: await s.token('admin') });
    expect(page.json).toMatchObject({ retentionDays: 365, entries: [{ action: 'rules.save' }] });
    expect(s.admin.calls[0]).toEqual({ method: 'auditLog', tenantId: TENANT_A, args: [{ limit: 20, beforeId: 99 }] });
    const r = await s.request('GET', '/api/admin/audit/export', { token: await s.token('admin') });
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="presence-bridge-audit.csv"/);
    expect(r.text.split('\n')[0]).toBe('at,by,action,target,before,after');
  });

  test('a trace of a user the tenant does not have is 404', async () => {
    const r = await s.request('GET', '/api/admin/users/nobody/trace', { token: await s.token('admin') });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: 'unknownUser' });
  });

  test('answers are never cached', async () => {
    const r = await s.request('GET', '/api/admin/status', { token: await s.token('admin') });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('input validation: a clear 400 naming the field, and nothing changes', () => {
  test.each<[string, string, string, { json?: unknown; body?: string; contentType?: string }, string, RegExp]>([
    [
      'extension of the wrong type',
      'PUT',
      `/api/admin/users/${ALICE.userId}/override`,
      { json: { extension: 1001 } },
      'body.extension',
      /null to exclude/,
    ],
    [
      'empty extension',
      'PUT',
      `/api/admin/users/${ALICE.userId}/override`,
      { json: { extension: ' ' } },
      'body.extension',
      /must not be empty/,
    ],
    ['unknown field', 'PUT', `/api/admin/users/${ALICE.userId}/override`, { json: { extension: '1', ext: '1' } }, 'body', /ext/],
    ['no body', 'PUT', `/api/admin/users/${ALICE.userId}/override`, {}, 'body', /JSON object/],
    [
      'invalid JSON',
      'PUT',
      `/api/admin/users/${ALICE.userId}/override`,
      { body: '{"extension": ', contentType: 'application/json' },
      'body',
      /not valid JSON/,
    ],
    [
      'acceptDrop not a boolean',
      'POST',
      '/api/admin/directory/refresh',
      { json: { acceptDrop: 'yes' } },
      'body.acceptDrop',
      /true or false/,
    ],
    ['policy that is not an object', 'PUT', '/api/admin/rules', { json: [1, 2] }, 'body', /JSON object/],
    ['empty policy (it would reset the rules to the default preset)', 'PUT', '/api/admin/rules', { json: {} }, 'body', /empty object/],
    ['empty policy draft to dry-run', 'POST', '/api/admin/rules/dry-run', { json: {} }, 'body', /empty object/],
    ['setup client id that is not a GUID', 'PUT', '/api/admin/setup', { json: { clientId: 'my-app' } }, 'body.clientId', /GUID/],
    [
      'certificate without its key',
      'PUT',
      '/api/admin/setup',
      { json: { certificatePem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' } },
      'body.certificatePem',
      /both/,
    ],
    ['unknown connector kind', 'PUT', '/api/admin/setup', { json: { connector: { kind: 'fax' } } }, 'body.connector.kind', /webhook/],
    ['consent result without granted', 'POST', '/api/admin/setup/consent-result', { json: {} }, 'body.granted', /true or false/],
    ['empty CSV', 'POST', '/api/admin/mapping/import', { body: ' \n', contentType: 'text/csv' }, 'body', /header row/],
  ])('%s', async (_what, method, path, options, field, message) => {
    const r = await s.request(method, path, { token: await s.token('admin'), ...options });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('badInput');
    expect(r.json.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: field, message: expect.stringMatching(message) })]),
    );
    await s.jobs.idle();
    expect(s.admin.calls).toEqual([]);
  });

  test.each<[string, string, RegExp]>([
    ['/api/admin/users?limit=1000', 'query.limit', /at most 500/],
    ['/api/admin/users?offset=-1', 'query.offset', /at least 0/],
    ['/api/admin/users?status=happy', 'query.status', /matched, unmatched/],
    ['/api/admin/users/user-alice/trace?limit=many', 'query.limit', /number/],
    ['/api/admin/setup/consent-url?redirectUri=http%3A%2F%2Fevil.example%2F&state=s', 'query.redirectUri', /https/],
    ['/api/admin/setup/consent-url?redirectUri=https%3A%2F%2Fok.example%2F&state=%3Cscript%3E', 'query.state', /letters/],
    ['/api/admin/jobs/not-a-job', 'jobId', /job id/],
  ])('GET %s', async (path, field, message) => {
    const r = await s.request('GET', path, { token: await s.token('admin') });
    expect(r.status).toBe(400);
    expect(r.json.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: field, message: expect.stringMatching(message) })]),
    );
    expect(s.admin.calls).toEqual([]);
  });

  test('a CSV import sent as JSON is 415 and names the content type to use', async () => {
    const r = await s.request('POST', '/api/admin/mapping/import', { token: await s.token('admin'), json: { csv: CSV } });
    expect(r.status).toBe(415);
    expect(r.json.message).toMatch(/text\/csv/);
    expect(s.admin.calls).toEqual([]);
  });

  test('a JSON body over 1 MiB is 413', async () => {
    const r = await s.request('PUT', '/api/admin/rules', { token: await s.token('admin'), json: { padding: 'x'.repeat(1024 * 1024 + 1) } });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('bodyTooLarge');
    expect(s.admin.calls).toEqual([]);
  });

  test('a policy draft with rule errors: validate answers ok false; save is 400 with the problems', async () => {
    const token = await s.token('admin');
    const draft = { ...policy, teamsToPbx: [{ when: 'nonsense' }] };
    const v = await s.request('POST', '/api/admin/rules/validate', { token, json: draft });
    expect(v.status).toBe(200);
    expect(v.json.ok).toBe(false);
    expect(v.json.errors.length).toBeGreaterThan(0);

    s.admin.override('savePolicy', async () => ({
      ok: false,
      errors: [{ path: 'teamsToPbx[0].when', message: 'is not a known condition' }],
    }));
    const r = await s.request('PUT', '/api/admin/rules', { token, json: draft });
    expect(r.status).toBe(400);
    expect(r.json.problems).toEqual([{ path: 'teamsToPbx[0].when', message: 'is not a known condition' }]);
  });
});

describe("the service's errors become plain answers", () => {
  test('an import with row errors is 400 with the row problems', async () => {
    s.admin.override('applyMappingImport', async () => {
      throw new AdminInputError([{ path: 'row 3: extension', message: 'is used by two users' }]);
    });
    const r = await s.request('POST', '/api/admin/mapping/import', {
      token: await s.token('admin'),
      body: CSV,
      contentType: 'text/csv; charset=utf-8',
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'badInput', problems: [{ path: 'row 3: extension', message: 'is used by two users' }] });
    expect(r.json.message).toMatch(/Nothing was changed/);
  });

  test('a tenant that is not set up is 503 with the fix', async () => {
    s.admin.override('status', async (t) => {
      throw new UnknownTenantError(t);
    });
    const r = await s.request('GET', '/api/admin/status', { token: await s.token('admin') });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ error: 'tenantNotSetUp' });
    expect(r.json.message).toMatch(/complete Setup/);
  });

  test('an Entra refusal is 502 with its explanation', async () => {
    s.admin.override('checkPermissions', async (t) => {
      throw new EntraAuthError(
        t,
        7000222,
        'invalid_client',
        'the client secret has expired',
        'create a new client secret and enter it in Setup',
      );
    });
    const r = await s.request('POST', '/api/admin/setup/check-permissions', { token: await s.token('admin') });
    expect(r.status).toBe(502);
    expect(r.json.message).toMatch(/client secret has expired/);
  });

  test('an unexpected error is 500 without its internals', async () => {
    s.admin.override('setup', async () => {
      throw new Error('ECONNREFUSED db password=hunter2 at Object.<anonymous> (/srv/app/src/store.ts:12)');
    });
    const r = await s.request('GET', '/api/admin/setup', { token: await s.token('admin') });
    expect(r.status).toBe(500);
    expect(r.json.error).toBe('internal');
    expect(r.text).not.toMatch(/hunter2|ECONNREFUSED|store\.ts/);
    expect(r.json.message).toMatch(/request id/);
  });
});

describe('background jobs', () => {
  function deferred() {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    return { promise, release };
  }

  test('a directory refresh reports its progress, then its outcome without the per-user match', async () => {
    const gate = deferred();
    s.admin.override('refreshDirectory', async (tenantId, options) => {
      options?.onProgress?.({ tenantId, phase: 'matching', counts: { directoryUsers: 120, pbxUsers: 100 } });
      await gate.promise;
      return { tenantId, at: 5, outcome: 'replaced', mapped: 99, match: { huge: true } as never };
    });
    const token = await s.token('admin');
    const started = await s.request('POST', '/api/admin/directory/refresh', { token });
    expect(started.status).toBe(202);
    const { jobId } = started.json;

    await new Promise((r) => setImmediate(r));
    const running = await s.request('GET', `/api/admin/jobs/${jobId}`, { token });
    expect(running.json).toMatchObject({
      jobId,
      kind: 'directoryRefresh',
      phase: 'matching',
      counts: { directoryUsers: 120, pbxUsers: 100 },
      done: false,
    });

    const second = await s.request('POST', '/api/admin/sync-now', { token });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ error: 'jobRunning', jobId });

    gate.release();
    await s.jobs.idle();
    const done = await s.request('GET', `/api/admin/jobs/${jobId}`, { token: await s.token('admin') });
    expect(done.json).toMatchObject({ done: true, phase: 'done', result: { outcome: 'replaced', mapped: 99 } });
    expect(done.json.result.match).toBeUndefined();
    expect(s.admin.calls.filter((c) => c.method === 'refreshDirectory')).toEqual([
      {
        method: 'refreshDirectory',
        tenantId: TENANT_A,
        args: [expect.objectContaining({ acceptDrop: undefined, by: 'admin@contoso.example' })],
      },
    ]);
  });

  test('a failed job keeps a plain error', async () => {
    s.admin.override('syncNow', async (t) => {
      throw new UnknownTenantError(t);
    });
    const token = await s.token('admin');
    const { jobId } = (await s.request('POST', '/api/admin/sync-now', { token })).json;
    await s.jobs.idle();
    const r = await s.request('GET', `/api/admin/jobs/${jobId}`, { token });
    expect(r.json).toMatchObject({ done: true, phase: 'failed', error: { code: 'tenantNotSetUp' } });
  });

  test("a job of another tenant is 404, even for that tenant's admin", async () => {
    const { jobId } = (await s.request('POST', '/api/admin/sync-now', { token: await s.token('admin') })).json;
    await s.jobs.idle();
    const r = await s.request('GET', `/api/admin/jobs/${jobId}`, { token: await s.token('admin', { tid: TENANT_B }) });
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('unknownJob');
  });
});
