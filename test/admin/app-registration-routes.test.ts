/**
 * The app-registration pool's HTTP routes over the real pool service, store (SQLite) and audit log: who may
 * call them, what bad input is told, that secrets never come back out, and what the audit log keeps.
 */
import { createAppRegistrationsAdmin } from '../../src/service/admin/app-registrations-admin';
import { withAuditLog } from '../../src/service/admin/audited-admin';
import type { AdminService } from '../../src/service/admin/admin-service';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store';
import { KEY } from '../store/test-store';
import { startAdminTestServer, TENANT_A, TENANT_B, type AdminTestServer } from './support/admin-test-server';

const BASE = '/api/admin/app-registrations';
const SECRET = 'Zq8~never-to-be-seen-again-0123456789abc';
const CLIENT = '22222222-3333-4444-5555-666666666666';
const POOL_METHODS = [
  'appRegistrations',
  'addAppRegistration',
  'changeAppRegistration',
  'removeAppRegistration',
  'checkAppRegistrationPermissions',
  'appRegistrationConsentUrl',
  'recordAppRegistrationConsent',
] as const;

let s: AdminTestServer;
let store: SqliteStore;
const restarts: string[] = [];

beforeEach(async () => {
  s = await startAdminTestServer();
  store = openSqliteStore({ path: ':memory:', secretKey: KEY });
  for (const tenantId of [TENANT_A, TENANT_B]) {
    await store.tenants.upsert({
      tenantId,
      displayName: tenantId,
      mode: 'app',
      clientId: '11111111-0000-4000-8000-000000000001',
      settings: {
        appKind: 'ownApp',
        authorityHost: 'https://login.microsoftonline.com',
        graphBaseUrl: 'https://graph.microsoft.com',
        connector: { kind: 'webhook', url: 'https://pbx.example/hook' },
        clientSecretExpiresAt: Date.UTC(2027, 0, 1),
      },
      createdAt: 1,
      updatedAt: 1,
    });
  }
  const clock = { now: () => Date.UTC(2026, 11, 6) };
  const pool = createAppRegistrationsAdmin({
    store,
    tenants: { get: () => undefined, restart: async (t: string) => (restarts.push(t), undefined as never) },
    clock,
    budgetPer30s: 1500,
    consentAuthorityHost: 'https://login.microsoftonline.com',
  });
  const audited = withAuditLog({ ...(s.admin as AdminService), ...pool }, { store, clock, retentionDays: 30 });
  for (const method of POOL_METHODS) s.admin.override(method, audited[method] as never);
  restarts.length = 0;
});

afterEach(async () => {
  await s.close();
  await store.close();
});

const add = async (token: string, body: unknown = { label: 'Pool 2', clientId: CLIENT, clientSecret: SECRET }) =>
  s.request('POST', BASE, { token, json: body });

test('an admin adds a registration: 201 with its view, listed after the primary, the secret never in an answer', async () => {
  const admin = await s.token('admin');
  const added = await add(admin, { label: 'Pool 2', clientId: CLIENT, clientSecret: SECRET, clientSecretExpiresAt: Date.UTC(2027, 5, 1) });
  expect(added.status).toBe(201);
  expect(added.json).toMatchObject({
    label: 'Pool 2',
    clientId: CLIENT,
    primary: false,
    credential: { kind: 'secret' },
    health: 'unchecked',
  });
  expect(added.json.credential.daysLeft).toBeGreaterThan(100);
  const list = await s.request('GET', BASE, { token: admin });
  expect(list.status).toBe(200);
  expect(list.json.registrations.map((r: { id: string }) => r.id)).toEqual(['primary', added.json.id]);
  expect(list.json.registrations[0]).toMatchObject({ primary: true, credential: { kind: 'secret' }, use: { limitPer30s: 1500 } });
  for (const text of [added.text, list.text]) expect(text).not.toContain(SECRET);
  expect(await store.appRegistrations.credential(TENANT_A, added.json.id)).toEqual({ clientSecret: SECRET });
});

test('add, change and remove are in the audit log, with "changed" for the secret and never its value', async () => {
  const admin = await s.token('admin');
  const { json: view } = await add(admin);
  const changed = await s.request('PUT', `${BASE}/${view.id}`, { token: admin, json: { label: 'Renamed', clientSecret: `${SECRET}-2` } });
  expect(changed.status).toBe(200);
  expect(changed.json.label).toBe('Renamed');
  expect((await s.request('DELETE', `${BASE}/${view.id}`, { token: admin })).status).toBe(204);
  const entries = await store.audit.list(TENANT_A, { limit: 10 });
  expect(entries.map((e) => [e.action, e.target, (e.after as { appRegistration?: string }).appRegistration])).toEqual([
    ['setup.change', `appRegistration/${view.id}`, 'removed'],
    ['setup.change', `appRegistration/${view.id}`, 'changed'],
    ['setup.change', `appRegistration/${view.id}`, 'added'],
  ]);
  expect(entries[2].after).toMatchObject({ secrets: { clientSecret: 'changed' }, clientId: CLIENT });
  expect(entries[2].by).toBe('admin@contoso.example');
  expect(JSON.stringify(entries)).not.toContain(SECRET);
  expect(restarts).toEqual([]); // the tenant is not running here: nothing to restart
  expect(await store.appRegistrations.list(TENANT_A)).toEqual([]);
});

test('a plain user may not list, add or remove registrations, and nothing changes', async () => {
  const user = await s.token('user');
  expect((await s.request('GET', BASE, { token: user })).json.error).toBe('notAdmin');
  expect((await add(user)).status).toBe(403);
  expect(await store.appRegistrations.list(TENANT_A)).toEqual([]);
});

test('no token: 401', async () => {
  expect((await s.request('GET', BASE)).status).toBe(401);
  expect((await s.request('POST', BASE, { json: { label: 'x', clientId: CLIENT, clientSecret: SECRET } })).status).toBe(401);
});

test("another tenant's admin neither sees nor changes this tenant's registrations", async () => {
  const { json: view } = await add(await s.token('admin'));
  const other = await s.token('admin', { tid: TENANT_B });
  const list = await s.request('GET', BASE, { token: other });
  expect(list.json.registrations.map((r: { id: string }) => r.id)).toEqual(['primary']);
  expect((await s.request('DELETE', `${BASE}/${view.id}`, { token: other })).status).toBe(404);
  expect((await s.request('PUT', `${BASE}/${view.id}`, { token: other, json: { label: 'Mine now' } })).status).toBe(404);
  expect((await store.appRegistrations.get(TENANT_A, view.id))?.label).toBe('Pool 2');
});

test.each([
  ['no credential', { label: 'P', clientId: CLIENT }, 'body.clientSecret', /needs a clientSecret/],
  ['a client id that is not a GUID', { label: 'P', clientId: 'my-app', clientSecret: SECRET }, 'body.clientId', /GUID/],
  ['an empty label', { label: ' ', clientId: CLIENT, clientSecret: SECRET }, 'body.label', /must not be empty/],
  ['the secret id instead of its value', { label: 'P', clientId: CLIENT, clientSecret: CLIENT }, 'clientSecret', /secret's ID/],
  [
    'a certificate without its key',
    { label: 'P', clientId: CLIENT, certificatePem: '-----BEGIN CERTIFICATE-----' },
    'body.certificatePem',
    /go together/,
  ],
  ['an unknown field', { label: 'P', clientId: CLIENT, clientSecret: SECRET, tenant: 'x' }, 'body', /tenant/],
])('bad input (%s) is 400 naming the field, and nothing is stored', async (_case, body, path, message) => {
  const r = await add(await s.token('admin'), body);
  expect(r.status).toBe(400);
  expect(r.json.error).toBe('badInput');
  const problem = r.json.problems.find((p: { path: string }) => p.path === path);
  expect(problem?.message ?? JSON.stringify(r.json.problems)).toMatch(message);
  expect(r.text).not.toContain(SECRET);
  expect(await store.appRegistrations.list(TENANT_A)).toEqual([]);
});

test('the same app twice is refused: Graph counts the budget per app', async () => {
  const admin = await s.token('admin');
  await add(admin);
  const again = await add(admin, { label: 'Again', clientId: CLIENT.toUpperCase(), clientSecret: SECRET });
  expect(again.status).toBe(400);
  expect(again.json.problems).toEqual([{ path: 'clientId', message: expect.stringMatching(/already in the pool/) }]);
});

test('the primary cannot be removed (409), an unknown id is 404, and the client id cannot be changed', async () => {
  const admin = await s.token('admin');
  const primary = await s.request('DELETE', `${BASE}/primary`, { token: admin });
  expect({ status: primary.status, error: primary.json.error }).toEqual({ status: 409, error: 'primaryAppRegistration' });
  expect(primary.json.message).toMatch(/Setup/);
  expect((await s.request('DELETE', `${BASE}/reg-none`, { token: admin })).json.error).toBe('unknownAppRegistration');
  const { json: view } = await add(admin);
  const r = await s.request('PUT', `${BASE}/${view.id}`, { token: admin, json: { clientId: CLIENT } });
  expect(r.status).toBe(400);
  expect(r.json.problems[0].message).toMatch(/client id cannot change/);
});

test('consent: the URL names that registration; the result is stored on it and audited', async () => {
  const admin = await s.token('admin');
  const { json: view } = await add(admin);
  const url = await s.request('GET', `${BASE}/${view.id}/consent-url?redirectUri=https%3A%2F%2Fbridge.example.com%2Fend.html&state=abc`, {
    token: admin,
  });
  expect(new URL(url.json.url).searchParams.get('client_id')).toBe(CLIENT);
  const r = await s.request('POST', `${BASE}/${view.id}/consent-result`, {
    token: admin,
    json: { granted: false, error: 'access_denied', errorDescription: 'The admin said no' },
  });
  expect(r.status).toBe(204);
  const list = await s.request('GET', BASE, { token: admin });
  expect(list.json.registrations[1].consent).toBe('refused');
  expect((await store.audit.list(TENANT_A, { limit: 1 }))[0]).toMatchObject({
    action: 'consent.record',
    target: `appRegistration/${view.id}`,
  });
});
