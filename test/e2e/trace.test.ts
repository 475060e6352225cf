/** The Trace view inside Teams: find a user, see the decisions in both directions with their reasons and results. */
import type { UserRow } from '../../src/service/admin/admin-service';
import type { TraceEntry } from '../../src/sync/types';
import { describeWithChromium } from './support/chromium';
import { eventually } from './support/eventually';
import { startTabWorld, type TabWorld } from './support/tab-world';
import { demoOf } from '../../src/demo/demo-of';

describeWithChromium('the Trace view', () => {
  let world: TabWorld;
  let user: UserRow;
  beforeAll(async () => {
    world = await startTabWorld();
    user = (await world.api<{ rows: UserRow[] }>('/api/admin/users?status=matched&limit=50')).rows[7];
    // One change on each side: the person goes into a meeting in Teams, then takes a call on the desk phone.
    const demo = demoOf(world.service);
    demo.graph.tenant(world.tenantId).setUserPresence(user.userId, 'Busy', 'InAMeeting');
    await demo.pbx.waitForRouting(user.extension!, 'busy', 15_000);
    await demo.pbx.placeCall(user.extension!);
    await demo.pbx.answer(user.extension!);
    await eventually('decisions in both directions', async () => {
      const { trace } = await world.api<{ trace: TraceEntry[] }>(`/api/admin/users/${user.userId}/trace`);
      return (
        trace.some((t) => t.direction === 'pbxToTeams' && t.outcome === 'applied' && t.result) &&
        trace.some((t) => t.direction === 'teamsToPbx' && t.outcome === 'applied')
      );
    });
  }, 60_000);
  afterAll(() => world?.close());

  test('searching a user by name and picking them shows both directions with rule, reason and result', async () => {
    const { page, tab } = await world.openInTeams({ hash: 'trace' });
    await tab.getByTestId('user-picker').getByRole('searchbox').fill(user.displayName!);
    await tab.getByTestId('user-picker').locator(`[data-user="${user.userPrincipalName}"]`).click({ timeout: 10_000 });
    const table = tab.getByTestId('trace-table');
    await table.waitFor({ timeout: 10_000 });
    const teamsRow = table.locator('[data-direction="teamsToPbx"][data-outcome="applied"]').filter({ hasText: 'InAMeeting' }).first();
    await teamsRow.waitFor();
    expect(await teamsRow.textContent()).toMatch(new RegExp(`PBX ${user.extension} -> busy`));
    const pbxRow = table.locator('[data-direction="pbxToTeams"][data-outcome="applied"]').filter({ hasText: 'onCall' }).first();
    await pbxRow.waitFor();
    expect(await pbxRow.textContent()).toMatch(/Teams session -> Busy \/ InACall/);
    await tab.getByTestId('trace-user').getByText(user.userPrincipalName!).waitFor();
    await world.screenshot(page, 'teams-trace');
    await world.screenshot(table, 'teams-trace-table');
  });

  test("the Trace button of a row in Users opens that user's trace", async () => {
    const { tab } = await world.openInTeams({ hash: 'users' });
    await tab.getByRole('searchbox').first().fill(user.userPrincipalName!);
    const row = tab.getByTestId('user-table').locator(`[data-user="${user.userPrincipalName}"]`);
    await row.getByRole('button', { name: 'Trace' }).click({ timeout: 10_000 });
    await tab.getByRole('region', { name: new RegExp(`Decisions for ${user.displayName}`) }).waitFor({ timeout: 10_000 });
    await tab.getByTestId('trace-table').locator('[data-direction="pbxToTeams"]').first().waitFor();
  });
});
