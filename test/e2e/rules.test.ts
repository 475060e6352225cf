/** The Rules view inside Teams: validation as you type, dry run of a draft, save. */
import type { SyncPolicy } from '../../src/sync/decision/policy';
import { describeWithChromium } from './support/chromium';
import { startTabWorld, type TabWorld } from './support/tab-world';

describeWithChromium('the Rules view', () => {
  let world: TabWorld;
  beforeAll(async () => {
    world = await startTabWorld();
  }, 60_000);
  afterAll(() => world?.close());

  const policy = async () => (await world.api<{ policy: SyncPolicy }>('/api/admin/rules')).policy;

  test('a duplicate row is flagged at the row as it is typed, and Dry run waits until it is fixed', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'rules' });
    const rows = (await policy()).teamsToPbx.rules;
    const busy = rows.findIndex((r) => r.availability === 'Busy' && r.activity === '*');
    const busyIdle = rows.findIndex((r) => r.availability === 'BusyIdle' && r.activity === '*');
    await tab.getByTestId('rules-valid').waitFor({ timeout: 15_000 });

    await tab.getByRole('combobox', { name: `Row ${busyIdle} availability` }).selectOption('Busy');
    const table = tab.getByTestId('teams-rules');
    await table.locator(`[data-row="${busyIdle}"]`).getByText(`repeats row ${busy}`).waitFor({ timeout: 10_000 });
    await tab.getByTestId('rules-invalid').waitFor();
    expect(await tab.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true);
    await world.screenshot(page, 'teams-rules-invalid');

    await tab.getByRole('combobox', { name: `Row ${busyIdle} availability` }).selectOption('BusyIdle');
    await tab.getByTestId('rules-valid').waitFor({ timeout: 10_000 });
    expect(await table.getByText('repeats row').count()).toBe(0);
  });

  test('editing a rule and pressing Dry run lists the users who would change and how, before anything is saved', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'rules' });
    const before = await policy();
    const offline = before.teamsToPbx.rules.findIndex((r) => r.availability === 'Offline' && r.activity === '*');
    expect(before.teamsToPbx.rules[offline].routing).toBe('available');
    await tab.getByTestId('rules-valid').waitFor({ timeout: 15_000 });

    await tab.getByRole('combobox', { name: `Row ${offline} routing` }).selectOption('unavailable');
    await tab.getByTestId('rules-valid').waitFor({ timeout: 10_000 });
    await tab.getByRole('button', { name: 'Dry run' }).click();
    const result = tab.getByTestId('dry-run-result');
    await result.getByText(/\d+ users? would change/).waitFor({ timeout: 15_000 });
    const changed = await result.locator('[data-user]').count();
    expect(changed).toBeGreaterThan(0);
    const first = result.locator('[data-user]').first();
    expect(await first.textContent()).toMatch(/available -> unavailable/);
    const firstId = (await first.getAttribute('data-user'))!;
    const { rows } = await world.api<{ rows: Array<{ userId: string; displayName: string }> }>(`/api/admin/users?search=${firstId}`);
    await first.getByText(rows[0].displayName).waitFor({ timeout: 10_000 });
    await world.screenshot(page, 'teams-rules-dry-run');
    await world.screenshot(tab.getByRole('region', { name: 'Dry run and save' }), 'teams-rules-dry-run-result');
    expect((await policy()).teamsToPbx.rules[offline].routing).toBe('available');

    await tab.getByRole('button', { name: 'Save rules' }).click();
    await tab.getByTestId('rules-saved').waitFor({ timeout: 10_000 });
    const saved = await policy();
    expect(saved.teamsToPbx.rules[offline]).toEqual({ availability: 'Offline', activity: '*', routing: 'unavailable' });
    expect(saved.preset).toBe('custom');
  });

  test('picking a preset loads its tables as a draft', async () => {
    const { tab } = await world.openInTeams({ hash: 'rules' });
    await tab.getByTestId('rules-valid').waitFor({ timeout: 15_000 });
    await tab.getByTestId('preset-picker').selectOption('daktela');
    await tab.getByTestId('teams-rules').getByRole('combobox', { name: 'Row 2 routing' }).waitFor();
    const daktela = (await world.api<{ presets: Array<{ name: string; policy: SyncPolicy }> }>('/api/admin/rules')).presets.find(
      (p) => p.name === 'daktela',
    )!;
    const shown = await tab.getByTestId('teams-rules').locator('[data-row]').count();
    expect(shown).toBe(daktela.policy.teamsToPbx.rules.length);
    expect(await tab.getByRole('combobox', { name: 'Row 2 routing' }).inputValue()).toBe(daktela.policy.teamsToPbx.rules[2].routing);
  });
});
