/**
 * Two replicas of the service sharing one PostgreSQL database: the second waits in standby (its /healthz
 * answers 503, it runs no tenant) while the first syncs, and takes over by itself when the first stops.
 */
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService, type Service } from '../../src/main';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../store/postgres-lab';
import { freeTcpPort } from '../support/free-ports';
import { eventually } from './harness/eventually';
import { startWorld, type World } from './harness/world';

jest.setTimeout(60_000);

describeWithPostgres('two replicas sharing one PostgreSQL database', () => {
  let schema: TestSchema;
  let world: World;

  beforeAll(async () => {
    schema = await createTestSchema();
    world = await startWorld({ users: 20, seed: 47, env: { PB_DATABASE_URL: schema.url } });
  });
  afterAll(async () => {
    await world?.close();
    await schema?.drop();
  });

  test('the second stands by while the first syncs, and takes over when the first stops', async () => {
    const [first, second] = await world.mapping();
    const port = await freeTcpPort();
    const abort = new AbortController();
    const startingB = startService(loadSettings({ ...world.env, PORT: String(port) }), { logger: createLogger('silent'), signal: abort.signal });
    let replicaB: Service | undefined;
    try {
      const standby = await eventually('replica B in standby', async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return answer?.status === 503 ? answer.json() : undefined;
      });
      expect(standby).toEqual({ status: 'standby', mode: 'tenant', tenants: [] });
      const lineEvent = await fetch(`http://127.0.0.1:${port}/api/pbx/${world.tenantId}/line-state`, { method: 'POST', body: '{}' });
      expect(lineEvent.status).toBe(503); // a PBX that reached the standby retries; its event is not lost

      world.showInTeams(first.userId, 'DoNotDisturb', 'DoNotDisturb');
      await eventually('replica A routes the change', () => world.routingOf(first.extension) === 'dnd');

      await world.stopService();
      replicaB = await startingB;
      world.showInTeams(second.userId, 'DoNotDisturb', 'DoNotDisturb');
      await eventually('replica B routes the next change', () => world.routingOf(second.extension) === 'dnd');
      const health = (await (await fetch(`${replicaB.url}/healthz`)).json()) as { status: string; tenants: { tenantId: string }[] };
      expect(health.status).not.toBe('standby');
      expect(health.tenants.map((t) => t.tenantId)).toEqual([world.tenantId]);
      // What A sent is B's starting point, read from the shared database.
      expect(replicaB.engine.snapshot(world.tenantId).find((s) => s.userId === first.userId)?.routingSent?.state).toBe('dnd');
    } finally {
      abort.abort(new Error('test over'));
      await (replicaB ?? (await startingB.catch(() => undefined)))?.stop();
    }
  });
});
