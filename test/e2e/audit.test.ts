/**
 * Inside Teams: an admin's change shows in the Audit view (who, what, before -> after) and exports as CSV; a
 * plain user sees only their own trace, none of the admin views.
 */
import { readFileSync } from 'node:fs';
import type { UserRow } from '../../src/service/admin/admin-service';
import type { TraceEntry } from '../../src/sync/types';
import { describeWithChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { demoOf } from '../../src/demo/demo-of';

describeWithChromium("the Audit view and a plain user's tab", () => {
  let world: TabWorld;
  let colleague: UserRow;
  beforeAll(async () => {
    world = await startTabWorld();
    colleague = (await world.api<{ rows: UserRow[] }>('/api/admin/users?status=matched&limit=50')).rows[4];
  }, 60_000);
  afterAll(() => world?.close());

  test('a rules change shows in Audit with who and before -> after, and the export has it', async () => {
    const before = (await world.api<{ policy: { preset: string } }>('/api/admin/rules')).policy.preset;
    const after = before === 'telia' ? 'nfon' : 'telia';
    await world.api('/api/admin/rules', { method: 'PUT', json: { preset: after } });

    const { page, tab } = await world.openInTeams({ hash: 'audit' });
    const row = tab.getByTestId('audit-table').locator('[data-action="rules.save"]').first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(world.admin.upn);
    expect(await row.textContent()).toContain('Rules saved');
    expect(await row.locator('[data-field="preset"]').textContent()).toBe(`preset: ${before} -> ${after}`);
    await world.screenshot(page, 'teams-audit');

    const [download] = await Promise.all([page.waitForEvent('download'), tab.getByTestId('export-audit').click()]);
    expect(download.suggestedFilename()).toBe('presence-bridge-audit.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('at,by,action,target,before,after');
    expect(csv).toContain(`${world.admin.upn},rules.save,tenant,`);
  });

  test('a plain user sees only My trace, with their own decisions', async () => {
    const demo = demoOf(world.service);
    demo.graph.tenant(world.tenantId).setUserPresence(colleague.userId, 'Busy', 'InAMeeting');
    await demo.pbx.waitForRouting(colleague.extension!, 'busy', 15_000);
    await eventually('a decision in the trace', async () =>
      (await world.api<{ trace: TraceEntry[] }>(`/api/admin/users/${colleague.userId}/trace`)).trace.some((t) => t.outcome === 'applied'),
    );

    const me = await world.signInAsUser(colleague);
    const { page, tab } = await world.openInTeams({ as: me });
    await tab.getByRole('tab', { name: 'My trace' }).waitFor({ timeout: 15_000 });
    const table = tab.getByTestId('trace-table');
    await table.waitFor({ timeout: 10_000 });
    await table.locator('[data-direction="teamsToPbx"][data-outcome="applied"]').filter({ hasText: 'InAMeeting' }).first().waitFor();
    expect(await tab.getByRole('tab').allTextContents()).toEqual(['My trace']);
    expect(await tab.getByTestId('user-picker').count()).toBe(0);
    await world.screenshot(page, 'teams-my-trace');
  });
});
