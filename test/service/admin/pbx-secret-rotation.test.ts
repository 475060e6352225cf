/**
 * Rotating the PBX's shared secret from Setup loses no event: for 24 hours the service still accepts line-state
 * events signed with the old secret (the PBX's admin switches over in that time), while it signs with the new one.
 */
import { signatureHeaders } from '../../../src/pbx/webhook/signature';
import { PREVIOUS_PBX_SECRET_ACCEPTED_MS } from '../../../src/service/admin/tenant-admin';
import { readTenantSettings, SECRET_NAMES } from '../../../src/service/tenants/tenant-settings';
import { startDemoService, type DemoService } from '../../support/demo-service';

let demo: DemoService;
beforeAll(async () => {
  demo = await startDemoService();
});
afterAll(() => demo.stop());

async function postLineState(secret: string, extension: string, state: string): Promise<number> {
  const body = JSON.stringify({ extension, state, at: Date.now() });
  const response = await fetch(`${demo.service.url}/api/pbx/${demo.tenantId}/line-state`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signatureHeaders(secret, body, Date.now()) },
    body,
  });
  return response.status;
}

test('after a new PBX secret is saved, events signed with the old one are still accepted for 24 hours; others are not', async () => {
  const oldSecret = demo.service.demo!.pbxSecret;
  const newSecret = 'rotated-pbx-secret-0123456789abcdef';
  const { extension } = (await demo.service.store.mappings.list(demo.tenantId))[0];
  const setup = await demo.service.admin.setup(demo.tenantId);
  const before = Date.now();
  const after = await demo.service.admin.changeSetup(
    demo.tenantId,
    { connector: { ...setup.connector, kind: 'webhook', secret: newSecret } },
    'admin@contoso.com',
  );

  expect(JSON.stringify(after)).not.toContain(newSecret);
  expect(JSON.stringify(after)).not.toContain(oldSecret);
  expect(await demo.service.store.secrets.get(demo.tenantId, SECRET_NAMES.pbxSecret)).toBe(newSecret);
  expect(await demo.service.store.secrets.get(demo.tenantId, SECRET_NAMES.pbxSecretPrevious)).toBe(oldSecret);
  const until = readTenantSettings(demo.tenantId, (await demo.service.store.tenants.get(demo.tenantId))!.settings).pbxSecretPreviousUntil!;
  expect(until - before).toBeGreaterThanOrEqual(PREVIOUS_PBX_SECRET_ACCEPTED_MS);
  expect(until - Date.now()).toBeLessThanOrEqual(PREVIOUS_PBX_SECRET_ACCEPTED_MS);

  expect(await postLineState(oldSecret, extension, 'ringing')).toBe(202);
  expect(await postLineState(newSecret, extension, 'onCall')).toBe(202);
  expect(await postLineState('some-other-secret-0123456789', extension, 'idle')).toBe(401);
});

test('once the window is over, a restart forgets the previous secret: it is deleted and refused', async () => {
  const { extension } = (await demo.service.store.mappings.list(demo.tenantId))[0];
  const oldSecret = (await demo.service.store.secrets.get(demo.tenantId, SECRET_NAMES.pbxSecretPrevious))!;
  expect(oldSecret).toBeDefined();
  const record = (await demo.service.store.tenants.get(demo.tenantId))!;
  await demo.service.store.tenants.upsert({
    ...record,
    settings: { ...(record.settings as object), pbxSecretPreviousUntil: Date.now() - 1 },
  });
  await demo.service.tenants.restart(demo.tenantId);
  expect(await demo.service.store.secrets.get(demo.tenantId, SECRET_NAMES.pbxSecretPrevious)).toBeUndefined();
  expect(await postLineState(oldSecret, extension, 'ringing')).toBe(401);
});
