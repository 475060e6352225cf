/**
 * Setup cannot be used to reach inside the network: the outbound address policy over the admin API of the
 * composed service. Only loopback addresses are ever connected to here; the private and metadata addresses
 * are refused before any connection is made.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readTenantSettings } from '../../../src/service/tenants/tenant-settings';
import { startDemoService, type DemoService } from '../../support/demo-service';

async function tokenFor(demo: DemoService): Promise<string> {
  const r = await fetch(`${demo.service.url}/api/demo/token?role=admin`);
  return ((await r.json()) as { token: string }).token;
}

function adminApi(demo: DemoService, token: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${demo.service.url}/api/admin${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
}

const putConnector = (api: ReturnType<typeof adminApi>, connector: object) =>
  api('/setup', { method: 'PUT', body: JSON.stringify({ connector: { kind: 'webhook', ...connector } }) });

/** A loopback HTTP server that counts the requests that reach it and answers with a body of its own. */
async function countingServer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"internal":"do-not-show-this"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('a deployment shared by several tenants (PB_ALLOW_NEW_TENANTS=true)', () => {
  let demo: DemoService;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    demo = await startDemoService({ PB_ALLOW_NEW_TENANTS: 'true' });
    api = adminApi(demo, await tokenFor(demo));
  });
  afterAll(() => demo.stop());

  test.each([
    ['the service its own loopback API', 'url', () => `${demo.service.url}/api/admin/status`, 'loopback'],
    ['a name that resolves to loopback', 'url', () => 'http://localhost:9/presence', 'localhost resolves to a loopback address'],
    ['the metadata service', 'usersUrl', () => 'http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['a private address', 'url', () => 'http://10.20.30.40/presence', 'private address'],
    ['an IPv4-mapped IPv6 loopback', 'url', () => 'http://[::ffff:127.0.0.1]:9/presence', 'loopback'],
  ])(
    'Setup refuses %s with a 400 naming the field, the class and PB_OUTBOUND_ALLOW; nothing is saved',
    async (_what, field, url, words) => {
      const before = await (await api('/setup')).json();
      const r = await putConnector(api, { [field]: url() });
      expect(r.status).toBe(400);
      const body = JSON.stringify(await r.json());
      expect(body).toContain(`connector.${field}`);
      expect(body).toContain(words);
      expect(body).toContain('PB_OUTBOUND_ALLOW');
      expect(await (await api('/setup')).json()).toEqual(before);
    },
  );

  test('a loopback URL already in the store (or a name that now resolves inside) is refused at connect time: nothing reaches it', async () => {
    const inside = await countingServer();
    try {
      const record = (await demo.service.store.tenants.get(demo.tenantId))!;
      const settings = readTenantSettings(demo.tenantId, record.settings);
      await demo.service.store.tenants.upsert({ ...record, settings: { ...settings, connector: { kind: 'webhook', url: inside.url } } });
      await demo.service.tenants.restart(demo.tenantId);
      const r = await api('/setup/test-connector', { method: 'POST' });
      expect(r.status).toBe(200);
      const answer = (await r.json()) as { ok: boolean; verdict: string; message: string };
      expect(answer).toEqual({ ok: false, verdict: 'notAllowed', message: expect.stringContaining('loopback') });
      expect(inside.hits()).toBe(0);
    } finally {
      await inside.close();
    }
  });
});

describe('a single-tenant deployment', () => {
  let demo: DemoService;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    demo = await startDemoService();
    api = adminApi(demo, await tokenFor(demo));
  });
  afterAll(() => demo.stop());

  test('Setup still refuses loopback and metadata addresses', async () => {
    for (const url of [`${demo.service.url}/api/admin/status`, 'http://169.254.169.254/latest/meta-data/']) {
      const r = await putConnector(api, { url });
      expect(r.status).toBe(400);
      expect(JSON.stringify(await r.json())).toContain('PB_OUTBOUND_ALLOW');
    }
  });

  test("the demo's own simulator URLs, set by the service, keep working after Setup saves them unchanged", async () => {
    const setup = (await (await api('/setup')).json()) as { connector: { url: string; usersUrl: string } };
    const r = await putConnector(api, { url: setup.connector.url, usersUrl: setup.connector.usersUrl });
    expect(r.status).toBe(200);
    expect((await (await api('/setup/test-connector', { method: 'POST' })).json()) as object).toEqual({
      ok: true,
      verdict: 'reachable',
      message: 'The PBX answered.',
    });
  });
});

describe('a loopback address the operator allows (PB_OUTBOUND_ALLOW=127.0.0.1)', () => {
  let demo: DemoService;
  let api: ReturnType<typeof adminApi>;
  beforeAll(async () => {
    demo = await startDemoService({ PB_OUTBOUND_ALLOW: '127.0.0.1' });
    api = adminApi(demo, await tokenFor(demo));
  });
  afterAll(() => demo.stop());

  test("test connector against the service's own API answers a verdict and the status code, never the body", async () => {
    const url = `${demo.service.url}/api/no-such-route-for-the-test`;
    const direct = await fetch(url, { method: 'POST' });
    const foreignBody = await direct.text();
    expect(foreignBody.length).toBeGreaterThan(10);

    expect((await putConnector(api, { url })).status).toBe(200);
    const r = await api('/setup/test-connector', { method: 'POST' });
    expect(r.status).toBe(200);
    const answer = (await r.json()) as Record<string, unknown>;
    expect(answer).toEqual({
      ok: true,
      verdict: 'status',
      status: direct.status,
      message: expect.stringContaining(`status ${direct.status}`),
    });
    const text = JSON.stringify(answer);
    const quoted = Object.values(JSON.parse(foreignBody) as Record<string, string>);
    expect(quoted.length).toBeGreaterThan(0);
    for (const value of quoted) expect(text).not.toContain(value);
  });

  test('the answer of a server that speaks for itself is not quoted either', async () => {
    const inside = await countingServer();
    try {
      expect((await putConnector(api, { url: inside.url })).status).toBe(200);
      const answer = await (await api('/setup/test-connector', { method: 'POST' })).json();
      expect(answer).toEqual({ ok: true, verdict: 'status', status: 404, message: expect.stringContaining('status 404') });
      expect(JSON.stringify(answer)).not.toContain('do-not-show-this');
      expect(inside.hits()).toBeGreaterThan(0);
    } finally {
      await inside.close();
    }
  });
});
