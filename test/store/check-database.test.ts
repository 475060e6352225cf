/** `presence-bridge check` says where the store is and, for PostgreSQL, whether it answers and at which schema version. */
import { runCli, type CommandIo } from '../../src/cli';
import { openPostgresStore } from '../../src/store/postgres-store';
import { createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';

jest.setTimeout(30_000);

async function check(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CommandIo = { out: (line) => out.push(line), err: (line) => out.push(line), env: { LOG_LEVEL: 'silent', ...env } };
  const code = await runCli(['check'], io);
  return { code, out: out.join('\n') };
}

test('with the default store it names the SQLite file', async () => {
  const r = await check({ PB_DB_PATH: '/tmp/pb-check/presence-bridge.db' });
  expect(r.out).toContain('store: SQLite file /tmp/pb-check/presence-bridge.db');
  expect(r.code).toBe(0);
});

test('a PostgreSQL server that does not answer fails the check, naming the server but not the password', async () => {
  const r = await check({ PB_DATABASE_URL: 'postgres://bridge:hunter2-secret@127.0.0.1:1/presence' });
  expect(r.out).toMatch(/store: FAILED: .*postgres:\/\/bridge@127\.0\.0\.1:1\/presence/);
  expect(r.out).not.toContain('hunter2-secret');
  expect(r.code).toBe(1);
});

describeWithPostgres('check against a real PostgreSQL', () => {
  let schema: TestSchema;
  beforeEach(async () => {
    schema = await createTestSchema();
  });
  afterEach(() => schema.drop());

  test('an empty schema, then migrated tables, then a replica running the tenants', async () => {
    const empty = await check({ PB_DATABASE_URL: schema.url });
    expect(empty.out).toMatch(
      new RegExp(
        `store: PostgreSQL [\\d.]+[^,]*, schema "${schema.name}": no tables yet \\(the first start creates them\\); no replica runs the tenants now`,
      ),
    );

    const store = await openPostgresStore({ connectionString: schema.url, secretKey: Buffer.alloc(32, 7) });
    try {
      for (const tenantId of ['t1', 't2'])
        await store.tenants.upsert({ tenantId, displayName: tenantId, mode: 'app', settings: {}, createdAt: 0, updatedAt: 0 });
      await store.leases.heartbeat({ replicaId: 'r1', internalUrl: 'http://127.0.0.1:1' }, 60_000);
      await store.leases.claim('t1', 'r1', 60_000);
      const r = await check({ PB_DATABASE_URL: schema.url });
      expect(r.out).toMatch(/tables at version (\d+) of \1; 1 replica alive, running 1 of 2 tenants \(r1: 1\)/);
      expect(r.code).toBe(0);
    } finally {
      await store.close();
    }
  });
});
