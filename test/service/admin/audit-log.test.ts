/**
 * The audit log over the composed demo service: every kind of admin change made through the HTTP API (and the
 * bot's through the same service methods) is recorded with who, when, what, before and after; no secret value
 * ever lands in it or in its CSV export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, UserRow } from '../../../src/service/admin/admin-service';
import { eventually, startDemoService, type DemoService } from '../../support/demo-service';

let demo: DemoService;
let adminToken: string;
let upn: string;
beforeAll(async () => {
  demo = await startDemoService();
  const answer = (await (await fetch(`${demo.service.url}/api/demo/token?role=admin`)).json()) as { token: string; upn: string };
  adminToken = answer.token;
  upn = answer.upn;
}, 30_000);
afterAll(() => demo.stop());

async function api(method: string, path: string, body?: { json?: unknown; csv?: string }) {
  const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
  let payload: string | undefined;
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.csv !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = body.csv;
  }
  const res = await fetch(`${demo.service.url}/api/admin${path}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, text, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
}

/** The newest audit entry, after checking the change it records was accepted. */
async function newestEntry(): Promise<AuditEntry> {
  const { json } = await api('GET', '/audit?limit=1');
  return json.entries[0];
}

async function matchedUser(index: number): Promise<UserRow> {
  return (await api('GET', '/users?status=matched&limit=50')).json.rows[index];
}

describe('the audit log records every admin change with who, when, before and after', () => {
  test('saving rules: the policy before and after', async () => {
    const before = demo.service.admin.policy(demo.tenantId);
    const sent = Date.now();
    expect((await api('PUT', '/rules', { json: { preset: 'telia' } })).status).toBe(200);
    const answered = Date.now();
    const entry = await newestEntry();
    expect(entry).toMatchObject({
      by: upn,
      action: 'rules.save',
      target: 'tenant',
      before: { preset: before.preset },
      after: { preset: 'telia' },
    });
    expect(entry.at).toBeGreaterThanOrEqual(sent);
    expect(entry.at).toBeLessThanOrEqual(answered);
  });

  test('a refused change records nothing', async () => {
    const newest = await newestEntry();
    expect((await api('PUT', '/rules', { json: {} })).status).toBe(400);
    expect((await api('PUT', '/rules', { json: { preset: 'nonsense' } })).status).toBe(400);
    expect(await newestEntry()).toEqual(newest);
  });

  test('an override and clearing it: the user before and after', async () => {
    const user = await matchedUser(3);
    expect((await api('PUT', `/users/${user.userId}/override`, { json: { extension: null } })).status).toBe(204);
    expect(await newestEntry()).toMatchObject({
      by: upn,
      action: 'override.set',
      target: user.userId,
      before: { user: user.userPrincipalName, extension: user.extension, status: 'matched' },
      after: { user: user.userPrincipalName, extension: null, status: 'excluded' },
    });
    expect((await api('DELETE', `/users/${user.userId}/override`)).status).toBe(204);
    expect(await newestEntry()).toMatchObject({
      action: 'override.clear',
      target: user.userId,
      before: { status: 'excluded' },
      after: { extension: user.extension, status: 'matched' },
    });
  });

  test('a mapping import: the overrides before, and what the file added', async () => {
    const user = await matchedUser(4);
    expect(
      (await api('POST', '/mapping/import', { csv: `userPrincipalName,extension\n${user.userPrincipalName},${user.extension}\n` })).status,
    ).toBe(200);
    expect(await newestEntry()).toMatchObject({
      action: 'mapping.import',
      before: { overrides: 0 },
      after: { overrides: 1, links: 1, added: [expect.objectContaining({ userId: user.userId, extension: user.extension })] },
    });
  });

  test("a PBX user import: the list's size before and after", async () => {
    const pbxUsers = await demo.service.store.pbxUsers.list(demo.tenantId);
    const csv = `extension,email\n${pbxUsers.map((p) => `${p.extension},${p.email ?? ''}`).join('\n')}\n`;
    expect((await api('POST', '/pbx-users/import', { csv })).status).toBe(200);
    expect(await newestEntry()).toMatchObject({
      action: 'pbxUsers.import',
      before: { pbxUsers: pbxUsers.length },
      after: { pbxUsers: pbxUsers.length },
    });
  });

  test('pausing and resuming a user and the tenant', async () => {
    const user = await matchedUser(5);
    expect((await api('POST', `/users/${user.userId}/pause`)).status).toBe(200);
    expect(await newestEntry()).toMatchObject({
      action: 'sync.pause',
      target: user.userId,
      before: { paused: null },
      after: { paused: true, users: 1 },
    });
    expect((await api('POST', `/users/${user.userId}/resume`)).status).toBe(200);
    expect(await newestEntry()).toMatchObject({
      action: 'sync.resume',
      target: user.userId,
      before: { paused: { by: upn } },
      after: { paused: false, users: 1 },
    });
    expect((await api('POST', '/pause')).status).toBe(200);
    expect(await newestEntry()).toMatchObject({ action: 'sync.pause', target: 'tenant', after: { paused: true } });
    expect((await api('POST', '/resume')).status).toBe(200);
    expect(await newestEntry()).toMatchObject({ action: 'sync.resume', target: 'tenant', after: { paused: false } });
  });

  test('a directory refresh that accepts a large drop names who accepted it', async () => {
    const mapped = (await demo.service.store.mappings.list(demo.tenantId)).length;
    const started = await api('POST', '/directory/refresh', { json: { acceptDrop: true } });
    expect(started.status).toBe(202);
    await eventually('the refresh job is done', async () => (await api('GET', `/jobs/${started.json.jobId}`)).json.done);
    expect(await newestEntry()).toMatchObject({
      by: upn,
      action: 'directory.acceptDrop',
      before: { mapped },
      after: { mapped: expect.any(Number) },
    });
  });

  test('a consent result', async () => {
    expect((await api('POST', '/setup/consent-result', { json: { granted: false, error: 'access_denied' } })).status).toBe(204);
    expect(await newestEntry()).toMatchObject({ action: 'consent.record', after: { granted: false, error: 'access_denied' } });
  });

  test("the bot's alert channel, set and cleared through the same service", async () => {
    const admin = demo.service.admin;
    await admin.setAlertChannel(
      demo.tenantId,
      { reference: { conversation: { id: '19:ops@thread.tacv2' } }, name: 'Ops alerts' },
      'Adele Vance',
    );
    expect(await newestEntry()).toMatchObject({ by: 'Adele Vance', action: 'alertChannel.set', after: { channel: 'Ops alerts' } });
    expect(await admin.clearAlertChannel(demo.tenantId, 'Adele Vance')).toBe(true);
    expect(await newestEntry()).toMatchObject({
      action: 'alertChannel.clear',
      before: { channel: '19:ops@thread.tacv2', setBy: 'Adele Vance' },
      after: { channel: null },
    });
  });

  test('a setup change records which secrets changed, never their values, in the log and in its export', async () => {
    const privateKeyPem = readFileSync(join(__dirname, '../../fixtures/client-cert-key.pem'), 'utf8');
    const certificatePem = readFileSync(join(__dirname, '../../fixtures/client-cert.pem'), 'utf8');
    const secrets = {
      clientSecret: 'Cs~client-secret-value-0123456789',
      pbxSecret: 'pbx-secret-value-0123456789',
      password: 'pbx-password-value-0123',
      privateKeyPem,
    };
    const connector = (await api('GET', '/setup')).json.connector;
    const r = await api('PUT', '/setup', {
      json: {
        clientSecret: secrets.clientSecret,
        certificatePem,
        privateKeyPem,
        connector: { ...connector, secret: secrets.pbxSecret, password: secrets.password },
        directions: { pbxToTeams: false },
      },
    });
    expect(r.status).toBe(200);
    const entry = await newestEntry();
    expect(entry).toMatchObject({
      by: upn,
      action: 'setup.change',
      before: { directions: { pbxToTeams: true }, secrets: { clientSecret: 'set', pbxSecret: 'set' } },
      after: {
        directions: { pbxToTeams: false },
        secrets: { clientSecret: 'changed', pbxSecret: 'changed', pbxPassword: 'changed', certificate: 'changed' },
      },
    });
    const everything = JSON.stringify((await api('GET', '/audit?limit=500')).json) + (await api('GET', '/audit/export')).text;
    const keyBody = privateKeyPem.split('\n')[1];
    for (const value of [...Object.values(secrets), keyBody, demo.service.demo!.credentials.clientSecret, demo.service.demo!.pbxSecret])
      expect(everything).not.toContain(value);
  });

  test('the export is a CSV of every entry, newest first', async () => {
    const { json } = await api('GET', '/audit?limit=500');
    const r = await api('GET', '/audit/export');
    const lines = r.text.trim().split('\n');
    expect(lines[0]).toBe('at,by,action,target,before,after');
    expect(lines).toHaveLength(json.entries.length + 1);
    expect(lines[1]).toMatch(new RegExp(`^${new Date(json.entries[0].at).toISOString()},${upn},setup.change,tenant,`));
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(json.entries.map((e: AuditEntry) => e.action));
  });
});
