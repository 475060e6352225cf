/** The Status view inside Teams: health, latency chart, credential expiry colours, and an expired secret with its fix. */
import { X509Certificate } from 'node:crypto';
import type { TenantStatus } from '../../src/service/admin/admin-service';
import { describeWithChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { certificateValidFor } from '../support/test-certificates';
import { demoOf } from '../../src/demo/demo-of';

// durationText writes '747 ms' below a second and '1.3 s' above (a loaded machine gets there).
const DURATIONS = /\d+(\.\d+)? m?s \/ \d+(\.\d+)? m?s/;
const DAY = 86_400_000;

describeWithChromium('the Status view', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld();
  }, 60_000);
  afterAll(() => world?.close());

  const status = () => world.api<TenantStatus>('/api/admin/status');

  test('synced changes show as latency p50/p95 and as points on the last-hour chart', async () => {
    const sim = demoOf(world.service).graph.tenant(world.tenantId);
    const users = (
      await world.api<{ rows: Array<{ userId: string; extension?: string; status: string }> }>('/api/admin/users?status=matched&limit=5')
    ).rows;
    for (const u of users.slice(0, 4)) sim.setUserPresence(u.userId, 'Busy', 'InAMeeting');
    // And a call on the PBX: the other direction has its own series.
    const caller = users[4];
    await demoOf(world.service).pbx.placeCall(caller.extension!);
    await demoOf(world.service).pbx.answer(caller.extension!);
    await eventually('a Teams -> PBX latency', async () => (await status()).latency.teamsToPbx);
    await eventually('a PBX -> Teams latency', async () => (await status()).latency.pbxToTeams);
    const { page, tab } = await world.openInTeams({ hash: 'status' });
    const chart = tab.getByTestId('latency-chart');
    await chart.locator('[data-series="Teams -> PBX p50"] circle').first().waitFor({ timeout: 15_000 });
    await chart.locator('[data-series="PBX -> Teams p50"] circle').first().waitFor({ timeout: 15_000 });
    expect(await tab.getByText('Teams -> PBX p50 / p95').locator('..').locator('..').textContent()).toMatch(DURATIONS);
    expect(await tab.getByText('PBX -> Teams p50 / p95').locator('..').locator('..').textContent()).toMatch(DURATIONS);
    await demoOf(world.service).pbx.hangUp(caller.extension!);
    await world.screenshot(page, 'teams-status-latency');
    await world.screenshot(tab.getByRole('region', { name: 'Sync latency, last hour' }), 'teams-status-latency-chart');
  });

  test('an expired client secret shows the part down, the Entra code, and the fix', async () => {
    const sim = demoOf(world.service).graph.tenant(world.tenantId);
    sim.expireSecret();
    sim.revokeTokens();
    const error = await eventually('the expired-secret error in the status', async () =>
      (await status()).errors.find((e) => e.code === 'AADSTS7000222'),
    );
    const { page, tab } = await world.openInTeams({ hash: 'status' });
    const errors = tab.getByTestId('recent-errors');
    await errors.getByText('AADSTS7000222').first().waitFor({ timeout: 15_000 });
    const row = errors.getByRole('row').filter({ hasText: 'AADSTS7000222' }).first();
    expect(error.fix).toBeTruthy();
    expect(await row.textContent()).toContain(error.fix!);
    await tab.getByTestId('part-health').locator('[data-part="token"] [data-status="down"]').waitFor({ timeout: 15_000 });
    await world.screenshot(page, 'teams-status-expired-secret');
  });

  test('a certificate entered under Setup shows its days left on Status, in the warning colour under 30 days', async () => {
    // Made now, valid for 20 days: inside the warning band (7 <= days < 30) on any day the test runs.
    const { certPem: cert, keyPem: key } = certificateValidFor(20, 'presence-bridge-expiring-client');
    demoOf(world.service).graph.tenant(world.tenantId).addCertificate(cert);
    const daysLeft = Math.floor((new X509Certificate(cert).validToDate.getTime() - Date.now()) / DAY);
    expect(daysLeft).toBeGreaterThanOrEqual(7); // the fixture must sit in the warning band: 7 <= days < 30
    expect(daysLeft).toBeLessThan(30);

    const { page, tab } = await world.openInTeams({ hash: 'setup' });
    await tab.getByRole('radio', { name: /Your own app registration/ }).click();
    await tab.getByRole('radio', { name: 'Certificate', exact: true }).click();
    await tab.getByLabel(/Certificate \(PEM\)/).fill(cert);
    await tab.getByLabel(/Private key \(PEM\)/).fill(key);
    await tab.getByRole('button', { name: 'Save app registration' }).click();
    await tab.getByText('App registration saved').waitFor({ timeout: 15_000 });
    expect(await tab.getByLabel(/Private key \(PEM\)/).inputValue()).toBe('');

    await tab.getByRole('tab', { name: 'Status' }).click();
    const expiry = tab.getByTestId('credential-expiry');
    await expiry.getByText(/The certificate expires in \d+ days/).waitFor({ timeout: 15_000 });
    expect(await expiry.getAttribute('data-severity')).toBe('warning');
    expect(await expiry.textContent()).toContain(`expires in ${daysLeft} days`);
    await world.screenshot(page, 'teams-status-certificate-expiring');
  });
});
