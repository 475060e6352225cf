/**
 * Two replicas of the service sharing one PostgreSQL database: the second waits in standby (alive on /healthz,
 * 503 on /readyz, it runs no tenant) while the first syncs, and takes over by itself when the first stops; it
 * says ready only once its tenants run and its routes answer.
 */
import pg from 'pg';
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
    const startingB = startService(loadSettings({ ...world.env, PORT: String(port) }), {
      logger: createLogger('silent'),
      signal: abort.signal,
    });
    let replicaB: Service | undefined;
    try {
      const standby = await eventually('replica B in standby', async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        const body = (await answer?.json()) as { status: string } | undefined;
        return body?.status === 'standby' ? { code: answer!.status, body } : undefined;
      });
      expect(standby).toEqual({
        code: 503,
        body: { status: 'standby', detail: expect.stringContaining('another replica'), mode: 'tenant', tenants: [] },
      });
      // Alive all the same: a platform that restarts what fails liveness must leave a standby alone.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const lineEvent = await fetch(`http://127.0.0.1:${port}/api/pbx/${world.tenantId}/line-state`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(lineEvent.status).toBe(503); // a PBX that reached the standby retries; its event is not lost

      world.showInTeams(first.userId, 'DoNotDisturb', 'DoNotDisturb');
      await eventually('replica A routes the change', () => world.routingOf(first.extension) === 'dnd');

      // B's start after the takeover is held at its first write to the tenants table, to look at it half-started.
      const holder = new pg.Client({ connectionString: schema.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE tenants IN EXCLUSIVE MODE');
        await world.stopService();
        const starting = await eventually('replica B holds the lease and starts', async () => {
          const answer = await fetch(`http://127.0.0.1:${port}/readyz`);
          const body = (await answer.json()) as { status: string };
          return body.status === 'starting' ? { code: answer.status, body } : undefined;
        });
        expect(starting).toEqual({ code: 503, body: expect.objectContaining({ status: 'starting', tenants: [] }) });
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        const early = await fetch(`http://127.0.0.1:${port}/api/pbx/${world.tenantId}/line-state`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(early.status).toBe(503); // not 404: the PBX retries, and its event reaches the tenant once it runs
        // The tab's API and the bot are not registered yet: 503 with Retry-After, not 404.
        const api = await fetch(`http://127.0.0.1:${port}/api/admin/status`);
        expect([api.status, api.headers.get('retry-after')]).toEqual([503, '2']);
      } finally {
        await holder.query('COMMIT').finally(() => holder.end());
      }
      replicaB = await startingB;
      // Ready means served: the tab's API answers (401 without a token), not 404.
      expect((await fetch(`${replicaB.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${replicaB.url}/api/admin/status`)).status).toBe(401);
      world.showInTeams(second.userId, 'DoNotDisturb', 'DoNotDisturb');
      await eventually('replica B routes the next change', () => world.routingOf(second.extension) === 'dnd');
      const health = (await (await fetch(`${replicaB.url}/readyz`)).json()) as { status: string; tenants: { tenantId: string }[] };
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
