/** The admin API inside the composed service: tokens from the demo issuer, the live admin service behind it. */
import { startDemoService, type DemoService } from '../../support/demo-service';

let demo: DemoService;
beforeAll(async () => {
  demo = await startDemoService();
});
afterAll(() => demo.stop());

async function token(role: 'admin' | 'user'): Promise<string> {
  const r = await fetch(`${demo.service.url}/api/demo/token?role=${role}`);
  return ((await r.json()) as { token: string }).token;
}
const api = (path: string, t: string, init: RequestInit = {}) =>
  fetch(`${demo.service.url}/api/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

test('an admin reads the live status of the demo tenant', async () => {
  const r = await api('/status', await token('admin'));
  expect(r.status).toBe(200);
  const status = (await r.json()) as { tenantId: string; counts: { mapped: number } };
  expect(status.tenantId).toBe(demo.tenantId);
  expect(status.counts.mapped).toBeGreaterThan(30);
});

test('a signed-in user who is not an admin can neither read nor change the rules', async () => {
  const user = await token('user');
  expect((await api('/rules', user)).status).toBe(403);
  const before = demo.service.admin.policy(demo.tenantId);
  const r = await api('/rules', user, { method: 'PUT', body: JSON.stringify({ preset: 'daktela' }) });
  expect(r.status).toBe(403);
  expect(demo.service.admin.policy(demo.tenantId)).toEqual(before);
});

test('an admin saves a preset and the running policy follows', async () => {
  const r = await api('/rules', await token('admin'), { method: 'PUT', body: JSON.stringify({ preset: 'procall' }) });
  expect(r.status).toBe(200);
  expect(demo.service.admin.policy(demo.tenantId).preset).toBe('procall');
});
