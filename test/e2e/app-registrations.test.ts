/**
 * Setup's "App registrations" step inside Teams, against the demo service (issue 12.1): a tenant with only the
 * primary sees why and when to add one; a registration is added (its secret sent once, never shown), refused
 * at the field the service names, consented in the Teams popup through its own routes, checked, renamed, seen
 * on Status as a line of its own, and removed by keyboard after a confirmation. The primary cannot be removed.
 */
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { AppRegistrationView } from '../../src/service/admin/app-registration-views';
import { demoOf } from '../../src/demo/demo-of';
import { onScreenText } from '../../tab/src/format/app-registration-draft';
import { describeWithChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { changeTeamsTheme, harnessState, type TeamsContext } from './support/teams-harness';

const THEMES: Array<TeamsContext['theme']> = ['default', 'dark', 'contrast'];
const WIDTHS = [1280, 800];
const DAY = 86_400_000;

describeWithChromium('the App registrations step', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld();
  }, 60_000);
  afterAll(() => world?.close());

  const pool = async () => (await world.api<{ registrations: AppRegistrationView[] }>('/api/admin/app-registrations')).registrations;

  /** Every theme at both widths, the whole tab (the viewport as tall as the page, so nothing is below the fold). */
  async function screenshots(page: Page, frame: () => Frame, name: string): Promise<void> {
    for (const theme of THEMES) {
      await changeTeamsTheme(page, theme);
      await frame().locator(`[data-theme="${theme}"]`).waitFor({ timeout: 5000 });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const height = await frame().evaluate<number>('document.documentElement.scrollHeight');
        await page.setViewportSize({ width, height: Math.max(900, height) });
        // The frame has taken the new size and painted it before the picture.
        await frame().waitForFunction(`window.innerHeight >= ${Math.max(900, height)}`);
        await frame().evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
        // The step must fit the narrow tab: no sideways scrolling.
        expect(await frame().evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
        await world.screenshot(page, `${name}-${theme}-${width}`);
      }
    }
    await changeTeamsTheme(page, 'default');
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** The text of whatever describes a control (Fluent ties a field's validation message to its input). */
  async function describedText(frame: Frame, label: string): Promise<string> {
    const input = frame.getByLabel(label, { exact: true });
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => frame.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  }

  async function names(tab: FrameLocator, card: string): Promise<string[]> {
    const buttons = tab.locator(`[data-testid="app-registration"][data-id="${card}"] button`);
    return buttons.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  test('a tenant with only the primary sees when to add one and the add button, and nothing else changes', async () => {
    expect((await pool()).map((r) => r.primary)).toEqual([true]);
    const { page, tab, frame } = await world.openInTeams({ hash: 'setup' });
    const step = tab.getByTestId('app-registrations');
    await step.getByTestId('when-to-add').waitFor({ timeout: 15_000 });
    expect(await step.getByTestId('when-to-add').textContent()).toMatch(
      /1,500 presence requests per 30 seconds per app registration.*about 15,000 users/,
    );
    expect(await step.getByRole('button', { name: 'Add app registration' }).isVisible()).toBe(true);
    expect(await step.getByTestId('app-registration').count()).toBe(0);
    await screenshots(page, frame, 'teams-setup-registrations-primary-only');

    await tab.getByRole('tab', { name: 'Status' }).click();
    await tab.getByTestId('status-view').waitFor({ timeout: 15_000 });
    expect(await tab.getByTestId('status-registrations').count()).toBe(0);
  });

  test('the service refuses a client id that is not a GUID: its words show at that field, and nothing is added', async () => {
    const { tab, frame } = await world.openInTeams({ hash: 'setup' });
    await tab.getByRole('button', { name: 'Add app registration' }).click();
    const form = tab.getByTestId('add-registration-form');
    await form.getByLabel('Name', { exact: true }).fill('Presence pool 2');
    await form.getByLabel('Application (client) ID', { exact: true }).fill('not-a-guid');
    await form.getByLabel(/Client secret value/).fill('x7Q~' + 'c'.repeat(36));
    const answer = frame()
      .page()
      .waitForResponse((r) => r.url().endsWith('/api/admin/app-registrations') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Add registration' }).click();
    const response = await answer;
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { problems?: Array<{ path: string; message: string }> };
    const problem = body.problems?.find((p) => /clientId$/.test(p.path));
    expect(problem).toBeDefined();
    await eventually('the problem at the client id field', async () =>
      (await describedText(frame(), 'Application (client) ID')).includes(onScreenText(problem!.message)),
    );
    expect(await form.getByLabel('Application (client) ID', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // The secret leaves the form once sent; the rest stays to be corrected.
    expect(await form.getByLabel(/Client secret value/).inputValue()).toBe('');
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Presence pool 2');
    expect((await pool()).length).toBe(1);
  });

  test('a registration is added, consented in the Teams popup, checked, renamed, shown on Status, and removed by keyboard', async () => {
    const sim = demoOf(world.service).graph.tenant(world.tenantId);
    const app = sim.addApp();
    const { page, tab, frame } = await world.openInTeams({ hash: 'setup' });
    const sent: string[] = [];
    frame()
      .page()
      .on('request', (r) => {
        if (r.url().endsWith('/api/admin/app-registrations') && r.method() === 'POST') sent.push(r.postData() ?? '');
      });

    // Add: label, client id, a secret with its expiry.
    await tab.getByRole('button', { name: 'Add app registration' }).click();
    const form = tab.getByTestId('add-registration-form');
    const expires = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
    await form.getByLabel('Name', { exact: true }).fill('Presence pool 2');
    await form.getByLabel('Application (client) ID', { exact: true }).fill(app.clientId);
    await form.getByLabel(/Client secret value/).fill(app.clientSecret);
    await form.getByLabel('Client secret expires on').fill(expires);
    await form.getByRole('button', { name: 'Add registration' }).click();
    await tab.getByTestId('registration-notice').getByText('Presence pool 2 added').waitFor({ timeout: 15_000 });
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0])).toEqual({
      label: 'Presence pool 2',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      clientSecretExpiresAt: Date.parse(`${expires}T00:00:00Z`),
    });
    const added = (await pool()).find((r) => r.clientId === app.clientId)!;
    expect(added).toMatchObject({ label: 'Presence pool 2', primary: false, credential: { kind: 'secret' } });
    expect(JSON.stringify(await pool())).not.toContain(app.clientSecret);
    const card = tab.locator(`[data-testid="app-registration"][data-id="${added.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await frame().content()).not.toContain(app.clientSecret);
    expect(await card.getByTestId('credential-expiry').textContent()).toMatch(/The client secret expires in (59|60) days/);

    // Each row's buttons carry its name; the primary has no Remove, and says why.
    expect(await names(tab, added.id)).toEqual([
      'Check permissions of Presence pool 2',
      'Rename Presence pool 2',
      'New secret for Presence pool 2',
      'Grant admin consent for Presence pool 2',
      'Remove Presence pool 2',
    ]);
    const primary = tab.locator('[data-testid="app-registration"][data-id="primary"]');
    const primaryLabel = (await pool()).find((r) => r.primary)!.label;
    expect(await names(tab, 'primary')).toEqual([`Check permissions of ${primaryLabel}`]);
    expect(await primary.getByTestId('primary-note').textContent()).toContain('cannot be renamed or removed');

    // Consent for this registration: the Teams popup, through its own consent routes.
    const popupOpened = page.waitForEvent('popup');
    await card.getByRole('button', { name: 'Grant admin consent for Presence pool 2', exact: true }).click();
    const popup = await popupOpened;
    await popup.waitForEvent('close', { timeout: 15_000 });
    await card.getByTestId('consent-outcome').getByText('Admin consent granted for Presence pool 2').waitFor({ timeout: 15_000 });
    expect((await harnessState(page)).authResult?.ok).toBe(true);
    expect(JSON.parse((await harnessState(page)).authResult!.value)).toEqual({ granted: true });
    await eventually('the consent recorded for the added registration', async () =>
      (await pool()).find((r) => r.id === added.id)?.consent === 'granted' ? true : undefined,
    );
    // Granted: its permission check follows, with that registration's token.
    await card.getByTestId('permission-report').waitFor({ timeout: 15_000 });
    expect(await card.getByTestId('permission-report').getByText('missing', { exact: true }).count()).toBe(0);

    // Status: one line per registration once there are two.
    await tab.getByRole('tab', { name: 'Status' }).click();
    const lines = tab.getByTestId('registration-lines');
    await lines.locator(`li[data-id="${added.id}"]`).waitFor({ timeout: 15_000 });
    expect(await lines.locator('li').count()).toBe(2);
    expect(await lines.locator(`li[data-id="${added.id}"]`).textContent()).toContain('Presence pool 2');
    await lines.getByRole('progressbar', { name: 'Graph budget used by Presence pool 2 in the last 30 seconds' }).waitFor();
    await screenshots(page, frame, 'teams-status-registrations');

    await tab.getByRole('tab', { name: 'Setup' }).click();
    await card.waitFor({ timeout: 15_000 });
    await screenshots(page, frame, 'teams-setup-registrations');

    // Rename.
    await card.getByRole('button', { name: 'Rename Presence pool 2' }).click();
    await card.getByLabel('New name for Presence pool 2').fill('Presence pool B');
    await card.getByRole('button', { name: 'Save name' }).click();
    await card.getByRole('heading', { name: 'Presence pool B' }).waitFor({ timeout: 15_000 });
    expect((await pool()).find((r) => r.id === added.id)?.label).toBe('Presence pool B');

    // Remove, by keyboard: Tab from the row's first action reaches Remove; Escape keeps it; Enter confirms.
    await card.getByRole('button', { name: 'Check permissions of Presence pool B' }).focus();
    const focused = () => frame().evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''");
    for (let i = 0; i < 8 && (await focused()) !== 'Remove Presence pool B'; i += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Remove Presence pool B');
    await page.keyboard.press('Enter');
    const dialog = tab.getByRole('dialog', { name: 'Remove Presence pool B?' });
    await dialog.waitFor({ timeout: 5000 });
    // The dialog fades in: the picture is taken once its animations have finished.
    await dialog.evaluate('(el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished))');
    await world.screenshot(page, 'teams-setup-registration-remove-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    expect((await pool()).some((r) => r.id === added.id)).toBe(true);
    await card.getByRole('button', { name: 'Remove Presence pool B' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ timeout: 5000 });
    await dialog.getByRole('button', { name: 'Remove Presence pool B' }).focus();
    await page.keyboard.press('Enter');
    await tab.getByTestId('registration-notice').getByText('Presence pool B removed').waitFor({ timeout: 15_000 });
    expect((await pool()).map((r) => r.id)).toEqual(['primary']);
    expect(await tab.getByTestId('app-registration').count()).toBe(0);
    await tab.getByTestId('when-to-add').waitFor();
  });

  test("a registration whose secret Entra refuses: its check shows Entra's code and the fix; a new secret, sent once, makes it pass", async () => {
    const sim = demoOf(world.service).graph.tenant(world.tenantId);
    const app = sim.addApp();
    const wrong = 'w9Z~' + 'd'.repeat(36);
    const added = await world.api<AppRegistrationView>('/api/admin/app-registrations', {
      method: 'POST',
      json: { label: 'Presence pool 3', clientId: app.clientId, clientSecret: wrong },
    });
    try {
      const { tab, frame } = await world.openInTeams({ hash: 'setup' });
      const card = tab.locator(`[data-testid="app-registration"][data-id="${added.id}"]`);
      await card.getByRole('button', { name: 'Check permissions of Presence pool 3' }).click();
      const report = card.getByTestId('permission-report');
      await report.waitFor({ timeout: 15_000 });
      expect(await report.textContent()).toMatch(/No token: AADSTS7000215.*Fix: /);
      // The card's line for the last check says it failed, and the report says why.
      await card
        .getByTestId('registration-permissions')
        .getByText(/it failed before the permissions could be read/)
        .waitFor({
          timeout: 15_000,
        });
      // Entra's long sentence wraps inside the card: the tab does not scroll sideways.
      expect(await frame().evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
      await world.screenshot(card, 'teams-setup-registration-refused-secret');

      const sent: string[] = [];
      frame()
        .page()
        .on('request', (r) => {
          if (r.url().endsWith(`/api/admin/app-registrations/${added.id}`) && r.method() === 'PUT') sent.push(r.postData() ?? '');
        });
      await card.getByRole('button', { name: 'New secret for Presence pool 3' }).click();
      const form = card.getByTestId('credential-form');
      await form.getByLabel(/Client secret value/).fill(app.clientSecret);
      await form.getByRole('button', { name: 'Save credential' }).click();
      await card.getByText('New credential saved.').waitFor({ timeout: 15_000 });
      expect(sent.map((b) => JSON.parse(b))).toEqual([{ clientSecret: app.clientSecret, clientSecretExpiresAt: null }]);
      expect(await frame().content()).not.toContain(app.clientSecret);
      await card.getByRole('button', { name: 'Check permissions of Presence pool 3' }).click();
      await card.getByTestId('registration-permissions').getByText('all granted').waitFor({ timeout: 15_000 });
      expect(await report.textContent()).toContain('The app got a token from Entra ID.');
      expect((await pool()).find((r) => r.id === added.id)?.permissions).toMatchObject({ ok: true, missing: [] });
    } finally {
      await world.api(`/api/admin/app-registrations/${added.id}`, { method: 'DELETE' });
    }
  });

  test('the service refuses to remove the primary (409): the tab offers no way to try', async () => {
    await expect(world.api('/api/admin/app-registrations/primary', { method: 'DELETE' })).rejects.toThrow(/answered 409/);
  });
});
