/** Setup inside Teams: admin consent through the Teams authentication popup, write-only secrets, the permission check. */
import type { TenantStatus } from '../../src/service/admin/admin-service';
import { describeWithChromium } from './support/chromium';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { harnessState } from './support/teams-harness';
import { readTenantSettings } from '../../src/service/tenants/tenant-settings';
import { demoOf } from '../../src/demo/demo-of';

const DAY = 86_400_000;
/** The UTC day `days` from now as a date input takes it, and the start of that day as the service stores it. */
const dayAhead = (days: number) => {
  const date = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  return { date, ms: Date.parse(`${date}T00:00:00Z`) };
};

describeWithChromium('the Setup view', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld();
  }, 60_000);
  afterAll(() => world?.close());

  test('admin consent runs in the Teams popup, comes back granted, is recorded, and the permission check follows', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'setup' });
    const popupOpened = page.waitForEvent('popup');
    await tab.getByRole('button', { name: 'Grant admin consent' }).click();
    const popup = await popupOpened;
    await popup.waitForEvent('close', { timeout: 15_000 });
    await tab.getByTestId('consent-outcome').getByText('Admin consent granted').waitFor({ timeout: 10_000 });
    await tab.getByTestId('permission-report').waitFor({ timeout: 15_000 });
    expect(await tab.getByTestId('permission-report').getByText('missing').count()).toBe(0);
    const auth = (await harnessState(page)).authResult!;
    expect(auth.ok).toBe(true);
    expect(JSON.parse(auth.value)).toEqual({ granted: true });
    const record = await world.service.store.tenants.get(world.tenantId);
    expect(JSON.stringify(record?.settings)).toContain('"granted":true');
    await world.screenshot(page, 'teams-setup-consent-granted');
  });

  test("a declined consent comes back through notifyFailure with Entra's code and the fix", async () => {
    demoOf(world.service).graph.tenant(world.tenantId).setConsentAnswer('decline');
    try {
      const { page, tab } = await world.openInTeams({ hash: 'setup' });
      await tab.getByRole('button', { name: 'Grant admin consent' }).click();
      const outcome = tab.getByTestId('consent-outcome');
      await outcome.getByText('access_denied').waitFor({ timeout: 15_000 });
      expect(await outcome.textContent()).toMatch(/AADSTS65004.*Fix: sign in as a Global Administrator/);
      await world.screenshot(page, 'teams-setup-consent-declined');
    } finally {
      demoOf(world.service).graph.tenant(world.tenantId).setConsentAnswer('grant');
    }
  });

  test('"Test connection" reaches the PBX, and a direction switched off shows as off on Status', async () => {
    const { tab } = await world.openInTeams({ hash: 'setup' });
    await tab.getByRole('button', { name: 'Test connection' }).click();
    const result = tab.getByTestId('connector-test');
    await result.waitFor({ timeout: 15_000 });
    const answer = await world.api<{ ok: boolean; verdict: string; message: string }>('/api/admin/setup/test-connector', {
      method: 'POST',
    });
    expect(answer).toEqual({ ok: true, verdict: 'reachable', message: 'The PBX answered.' });
    expect(await result.getAttribute('data-verdict')).toBe('reachable');
    expect(await result.textContent()).toBe(`Reachable${answer.message}`);
    await tab.getByRole('switch', { name: /PBX line state -> Teams presence/ }).click();
    await tab.getByText('PBX -> Teams direction saved').waitFor({ timeout: 15_000 });
    expect((await world.api<{ directions: { pbxToTeams: boolean } }>('/api/admin/setup')).directions.pbxToTeams).toBe(false);
    await tab.getByRole('tab', { name: 'Status' }).click();
    await tab.getByText('PBX -> Teams off').waitFor({ timeout: 15_000 });
    await tab.getByRole('tab', { name: 'Setup' }).click();
    await tab.getByRole('switch', { name: /PBX line state -> Teams presence/ }).click();
    await tab.getByText('PBX -> Teams direction saved').waitFor({ timeout: 15_000 });
    expect((await world.api<{ directions: { pbxToTeams: boolean } }>('/api/admin/setup')).directions.pbxToTeams).toBe(true);
  });

  test('"Test connection" shows the verdict and the status code the PBX answered with, not its words', async () => {
    const record = (await world.service.store.tenants.get(world.tenantId))!;
    const settings = readTenantSettings(world.tenantId, record.settings);
    const missing = `${settings.connector.url}/no-such-path`;
    await world.service.store.tenants.upsert({
      ...record,
      settings: { ...settings, connector: { kind: 'webhook', url: missing, setBy: 'operator' } },
    });
    await world.service.tenants.restart(world.tenantId);
    try {
      const { page, tab } = await world.openInTeams({ hash: 'setup' });
      await tab.getByRole('button', { name: 'Test connection' }).click();
      const result = tab.getByTestId('connector-test');
      await result.waitFor({ timeout: 15_000 });
      expect(await result.getAttribute('data-verdict')).toBe('status');
      expect(await tab.getByTestId('connector-test-status').textContent()).toBe(' (status 404)');
      const foreign = await (await fetch(missing, { method: 'POST' })).text();
      for (const word of foreign.match(/[A-Za-z]{5,}/g) ?? []) expect(await result.textContent()).not.toContain(word);
      await world.screenshot(page, 'teams-setup-connector-test-status');
    } finally {
      await world.service.store.tenants.upsert(record);
      await world.service.tenants.restart(world.tenantId);
    }
  });

  test('a client secret typed in is sent once and then shown only as "set", never echoed back', async () => {
    const { page, tab, frame } = await world.openInTeams({ hash: 'setup' });
    await tab.getByRole('radio', { name: /Your own app registration/ }).click();
    const secret = 'x7Q~' + 'a'.repeat(36);
    const sent: string[] = [];
    frame()
      .page()
      .on('request', (r) => {
        if (r.url().endsWith('/api/admin/setup') && r.method() === 'PUT') sent.push(r.postData() ?? '');
      });
    await tab.getByLabel(/Client secret value/).fill(secret);
    await tab.getByRole('button', { name: 'Save app registration' }).click();
    await tab.getByText('App registration saved').waitFor({ timeout: 15_000 });
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0])).toMatchObject({ appKind: 'ownApp', clientSecret: secret });
    expect(await tab.getByLabel(/Client secret value/).inputValue()).toBe('');
    await tab.getByTestId('secret-state-Client secret value').getByText('set').waitFor();
    const html = await frame().content();
    expect(html).not.toContain(secret);
    await world.screenshot(page, 'teams-setup-own-app');
  });

  test('a secret expiry 5 days ahead, saved with the secret, shows its days left on Status in the error colour and the date again in Setup', async () => {
    const { page, tab, frame } = await world.openInTeams({ hash: 'setup' });
    const sent: Array<Record<string, unknown>> = [];
    frame()
      .page()
      .on('request', (r) => {
        if (r.url().endsWith('/api/admin/setup') && r.method() === 'PUT') sent.push(JSON.parse(r.postData() ?? '{}'));
      });
    await tab.getByRole('radio', { name: /Your own app registration/ }).click();
    const soon = dayAhead(5);
    await tab.getByLabel(/Client secret value/).fill('y8R~' + 'b'.repeat(36));
    await tab.getByLabel('Client secret expires on').fill(soon.date);
    await tab.getByRole('button', { name: 'Save app registration' }).click();
    await tab.getByText('App registration saved').waitFor({ timeout: 15_000 });
    expect(sent[0]).toMatchObject({ clientSecret: expect.any(String), clientSecretExpiresAt: soon.ms });

    const { credential } = await world.api<TenantStatus>('/api/admin/status');
    expect(credential).toMatchObject({ kind: 'secret', expiresAt: soon.ms });
    expect(credential.daysLeft).toBeLessThan(7);
    await tab.getByRole('tab', { name: 'Status' }).click();
    const expiry = tab.getByTestId('credential-expiry');
    await expiry.getByText(`The client secret expires in ${credential.daysLeft} days.`).waitFor({ timeout: 15_000 });
    expect(await expiry.getAttribute('data-severity')).toBe('error');
    await world.screenshot(page, 'teams-status-secret-expiring');

    await tab.getByRole('tab', { name: 'Setup' }).click();
    const field = tab.getByTestId('secret-expires-on');
    await tab.locator(`[data-testid="secret-expires-on"][data-stored="${soon.date}"]`).waitFor({ timeout: 15_000 });
    expect(await field.inputValue()).toBe(soon.date);

    // Only the date changes: it is saved on its own, without a secret.
    const later = dayAhead(60);
    await field.fill(later.date);
    await tab.getByRole('button', { name: 'Save app registration' }).click();
    await tab.locator(`[data-testid="secret-expires-on"][data-stored="${later.date}"]`).waitFor({ timeout: 15_000 });
    expect(sent[1]).toEqual({ appKind: 'ownApp', clientSecretExpiresAt: later.ms });
    expect((await world.api<TenantStatus>('/api/admin/status')).credential.expiresAt).toBe(later.ms);
    await world.screenshot(page, 'teams-setup-secret-expiry');

    // Emptied: the date is no longer known, and Status stops counting days.
    await field.fill('');
    await tab.getByRole('button', { name: 'Save app registration' }).click();
    await tab.locator('[data-testid="secret-expires-on"][data-stored=""]').waitFor({ timeout: 15_000 });
    expect(sent[2]).toEqual({ appKind: 'ownApp', clientSecretExpiresAt: null });
    expect((await world.api<TenantStatus>('/api/admin/status')).credential.expiresAt).toBeUndefined();
  });
});
