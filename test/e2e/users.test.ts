/** The Users view inside Teams: the virtualised mapping table, filters, CSV import all-or-nothing, directory refresh. */
import { readFileSync } from 'node:fs';
import type { UserRow } from '../../src/service/admin/admin-service';
import { describeWithChromium } from './support/chromium';
import { startTabWorld, type TabWorld } from './support/tab-world';

describeWithChromium('the Users view', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld({ PB_DEMO_USERS: '300' });
  }, 60_000);
  afterAll(() => world?.close());

  const userRows = async (query = '') => (await world.api<{ total: number; rows: UserRow[] }>(`/api/admin/users?limit=500${query}`)).rows;

  test('the table renders only the rows in view, loads more on scroll, and filters by search and status', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'users' });
    const table = tab.getByTestId('user-table');
    await table.locator('[data-user]').first().waitFor({ timeout: 15_000 });
    const total = (await userRows()).length;
    expect(total).toBeGreaterThan(250);
    await tab.getByTestId('user-total').getByText(`${total} users`).waitFor();
    expect(await table.locator('[data-user]').count()).toBeLessThan(40);

    await table.locator('[data-user]').first().hover();
    await page.mouse.wheel(0, 1_000_000);
    await table.locator(`[aria-rowindex="${total + 1}"][data-user]`).waitFor({ timeout: 10_000 });
    expect(await table.locator('[data-user]').count()).toBeLessThan(40);

    const someone = (await userRows('&status=matched'))[5];
    await tab.getByRole('searchbox').first().fill(someone.userPrincipalName!);
    await tab.getByTestId('user-total').getByText('1 users').waitFor({ timeout: 10_000 });
    expect(await table.locator('[data-user]').getAttribute('data-user')).toBe(someone.userPrincipalName);

    await tab.getByRole('searchbox').first().fill('');
    await tab.getByRole('combobox', { name: 'Show' }).selectOption('unmatched');
    const unmatched = (await userRows('&status=unmatched')).length;
    await tab.getByTestId('user-total').getByText(`${unmatched} users`).waitFor({ timeout: 10_000 });
    await world.screenshot(page, 'teams-users-unmatched');
  });

  test('a CSV with one wrong row shows the row error and applies nothing; the corrected file then applies', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'users' });
    const [alice, bob] = (await userRows('&status=matched')).slice(10, 12);
    const exportBefore = await world.api<string>('/api/admin/mapping/export');
    const good = `userPrincipalName,extension\n${alice.userPrincipalName},\n${bob.userPrincipalName},${bob.extension}\n`;
    const bad = `${good}nobody@contoso.com,1001\n`;

    const importer = tab.getByTestId('csv-import');
    await importer.getByRole('textbox').fill(bad);
    await importer.getByRole('button', { name: 'Preview' }).click();
    const errors = importer.getByTestId('import-errors');
    await errors.waitFor({ timeout: 10_000 });
    expect(await errors.textContent()).toMatch(/4.*nobody@contoso\.com/);
    await importer.getByTestId('import-blocked').getByText('Nothing has been applied').waitFor();
    expect(await importer.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    await world.screenshot(page, 'teams-users-import-error');
    expect(await world.api<string>('/api/admin/mapping/export')).toBe(exportBefore);
    expect((await userRows(`&search=${encodeURIComponent(alice.userPrincipalName!)}`))[0].status).toBe('matched');

    await importer.getByRole('textbox').fill(good);
    await importer.getByRole('button', { name: 'Preview' }).click();
    await importer
      .getByTestId('import-summary')
      .getByText(/^2 to add/)
      .waitFor({ timeout: 10_000 });
    expect(await importer.getByTestId('import-errors').count()).toBe(0);
    await importer.getByRole('button', { name: 'Apply import' }).click();
    await importer.getByTestId('import-applied').getByText('Imported: 2 added').waitFor({ timeout: 10_000 });
    await world.screenshot(page, 'teams-users-import-applied');

    const after = await userRows();
    expect(after.find((r) => r.userId === alice.userId)?.status).toBe('excluded');
    expect(after.find((r) => r.userId === bob.userId)?.status).toBe('overridden');
    await tab.getByRole('combobox', { name: 'Show' }).selectOption('excluded');
    await tab.getByTestId('user-table').locator(`[data-user="${alice.userPrincipalName}"]`).waitFor({ timeout: 10_000 });
  });

  test('an override set on a row shows in the table; clearing it goes back to automatic matching', async () => {
    const { tab } = await world.openInTeams({ hash: 'users' });
    const carol = (await userRows('&status=matched'))[20];
    await tab.getByRole('searchbox').first().fill(carol.userPrincipalName!);
    const row = tab.getByTestId('user-table').locator(`[data-user="${carol.userPrincipalName}"]`);
    await row.click({ timeout: 10_000 });
    const editor = tab.getByTestId('override-editor');
    await editor.getByRole('button', { name: 'Exclude from sync' }).click();
    await editor.getByText('is kept out of sync').waitFor({ timeout: 10_000 });
    await row.getByText('excluded').waitFor({ timeout: 10_000 });
    await row.click();
    await editor.getByRole('button', { name: 'Clear override' }).click();
    await row.getByText('matched').waitFor({ timeout: 10_000 });
    expect((await userRows(`&search=${encodeURIComponent(carol.userPrincipalName!)}`))[0].status).toBe('matched');
  });

  test('Export CSV downloads the overrides in the format the import reads', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'users' });
    const download = page.waitForEvent('download');
    await tab.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('presence-bridge-mapping.csv');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toBe(await world.api<string>('/api/admin/mapping/export'));
    expect(text.split('\n')[0]).toMatch(/userPrincipalName/);
  });

  test('"Refresh directory now" follows the job to its end', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'users' });
    const refresh = tab.getByTestId('directory-refresh');
    await refresh.getByRole('button', { name: 'Refresh directory now' }).click();
    await refresh
      .getByTestId('refresh-result')
      .getByText(/Directory refreshed: \d+ users mapped/)
      .waitFor({ timeout: 20_000 });
    await world.screenshot(page, 'teams-users-refreshed');
  });
});
