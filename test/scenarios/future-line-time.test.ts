/**
 * Issue 9: one signed line-state event dated far in the future must not freeze the extension's PBX -> Teams
 * sync. It is refused (400, signed but from the future); the PBX's next calls still reach Teams, before and
 * after a restart.
 */
import { signatureHeaders } from '../../src/pbx/webhook/signature';
import { eventually } from './harness/eventually';
import { startWorld, type World } from './harness/world';

describe('a signed line-state event from the far future', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 10, seed: 23 });
  });
  afterAll(() => world?.close());

  test('is refused, and later calls still show in Teams, also after a restart', async () => {
    const [user] = await world.mapping();
    const body = JSON.stringify({ extension: user.extension, state: 'idle', at: Date.UTC(2100, 0, 1) });
    const future = await fetch(`${world.service.url}/api/pbx/${world.tenantId}/line-state`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signatureHeaders(world.env.PB_PBX_SECRET, body, Date.now()) },
      body,
    });
    expect(future.status).toBe(400);
    expect(await future.json()).toMatchObject({ error: 'futureTimestamp' });

    await world.pbx.placeCall(user.extension);
    await world.pbx.answer(user.extension);
    await eventually('the call shown in Teams', () => world.teams.presenceOf(user.userId).activity === 'InACall');
    await world.pbx.hangUp(user.extension);
    await eventually('the call ended in Teams', () => world.teams.presenceOf(user.userId).activity !== 'InACall');

    await world.stopService();
    await world.startService();
    await world.pbx.placeCall(user.extension);
    await world.pbx.answer(user.extension);
    await eventually('a call after the restart shown in Teams', () => world.teams.presenceOf(user.userId).activity === 'InACall');
  }, 60_000);
});
