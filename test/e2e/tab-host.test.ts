/** Where the tab runs: local mode outside Teams, and inside the simulated Teams host with each Teams theme. */
import { describeWithChromium } from './support/chromium';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { changeTeamsTheme, harnessState } from './support/teams-harness';

describeWithChromium('the admin tab finds its host', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld();
  }, 60_000);
  afterAll(() => world?.close());

  test('outside Teams it shows the LOCAL MODE banner at once instead of waiting for Teams, and works with the demo token', async () => {
    const { page } = await world.openLocal();
    await page.getByText('LOCAL MODE (demo)').waitFor({ timeout: 5000 });
    await page.getByRole('tab', { name: 'Status' }).waitFor();
    await page.getByTestId('part-health').waitFor({ timeout: 10_000 });
    await world.screenshot(page, 'local-mode-status');
  });

  test('in a frame whose parent never answers Teams calls it gives up after a few seconds and shows LOCAL MODE, without a demo token for a relayed page', async () => {
    const { page, tab } = await world.openInSilentFrame();
    const started = Date.now();
    await tab.getByText('LOCAL MODE (demo)').waitFor({ timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(15_000); // teams-js alone would wait 60 s
    expect(await tab.getByTestId('local-mode-banner').textContent()).toMatch(/Teams did not answer/);
    // This page is at a public origin and reaches the demo service through a relay (a reverse proxy, in effect):
    // the demo token goes only to a browser on the service's own machine, so here it is refused and the tab says so.
    await tab
      .getByText(/\/api\/demo\/token answered 404/)
      .first()
      .waitFor({ timeout: 10_000 });
    await world.screenshot(page, 'silent-frame-local-mode');
  });

  test.each([
    ['default', 'rgb(255, 255, 255)'],
    ['dark', 'rgb(41, 41, 41)'],
    ['contrast', 'rgb(0, 0, 0)'],
  ] as const)(
    'inside Teams with the %s theme it signs in with SSO and renders that theme, without the local banner',
    async (theme, background) => {
      const { page, tab, frame } = await world.openInTeams({ theme, hash: 'status' });
      await tab.getByTestId('part-health').waitFor({ timeout: 15_000 });
      expect(await tab.getByText('LOCAL MODE (demo)').count()).toBe(0);
      const root = frame().locator(`[data-theme="${theme}"]`);
      await root.waitFor();
      const card = frame().locator('section').first();
      expect(
        await card.evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor,
        ),
      ).toBe(background);
      const { calls } = await harnessState(page);
      expect(calls).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']));
      await world.screenshot(page, `teams-${theme}-status`);
    },
  );

  test('a theme change from Teams re-themes the open tab', async () => {
    const { page, tab, frame } = await world.openInTeams({ theme: 'default', hash: 'status' });
    await tab.getByTestId('part-health').waitFor({ timeout: 15_000 });
    await changeTeamsTheme(page, 'dark');
    await frame().locator('[data-theme="dark"]').waitFor({ timeout: 5000 });
  });
});
