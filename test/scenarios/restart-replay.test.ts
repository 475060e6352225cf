/**
 * Issue 9: the webhook's replay guard outlives the process. A signed line-state event accepted before a
 * restart is refused as a replay after it (same signature, timestamp still inside the freshness window).
 */
import { signatureHeaders } from '../../src/pbx/webhook/signature';
import { startWorld, type World } from './harness/world';

describe('a replayed signed line-state event', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ users: 10, seed: 19 });
  });
  afterAll(() => world?.close());

  test('is refused after a restart as it was before', async () => {
    const [user] = await world.mapping();
    const url = `${world.service.url}/api/pbx/${world.tenantId}/line-state`;
    const body = JSON.stringify({ extension: user.extension, state: 'onCall', at: Date.now() });
    const request = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signatureHeaders(world.env.PB_PBX_SECRET, body, Date.now()) },
      body,
    };

    expect((await fetch(url, request)).status).toBe(202);
    expect((await fetch(url, request)).status).toBe(409);

    await world.stopService();
    await world.startService();
    const replay = await fetch(`${world.service.url}/api/pbx/${world.tenantId}/line-state`, request);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: 'replay' });
  }, 60_000);
});
