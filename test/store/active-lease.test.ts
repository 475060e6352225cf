/**
 * The replica lease on a real PostgreSQL: one holder per database schema; a second waits and gets it when the
 * first releases it; a holder whose session the server ends learns it at once.
 */
import { acquireActiveLease, type ActiveLease } from '../../src/store/postgres/active-lease';
import { asAdmin, createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';

jest.setTimeout(20_000);

describeWithPostgres('the replica lease (PostgreSQL)', () => {
  let schema: TestSchema;
  beforeEach(async () => {
    schema = await createTestSchema();
  });
  afterEach(() => schema.drop());

  test('a second replica waits in standby and becomes active when the first releases the lease', async () => {
    const first = await acquireActiveLease({ connectionString: schema.url, intervalMs: 50, onLost: () => undefined });
    const events: string[] = [];
    const second = acquireActiveLease({
      connectionString: schema.url,
      intervalMs: 50,
      onStandby: () => events.push('standby'),
      onLost: () => undefined,
    }).then((lease) => {
      events.push('active');
      return lease;
    });
    await waitUntil(() => events.includes('standby'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual(['standby']); // still waiting: the first holds it
    await first.release();
    await (await second).release();
    expect(events).toEqual(['standby', 'active']);
  });

  test('replicas of another schema (another deployment) do not wait for each other', async () => {
    const other = await createTestSchema();
    const leases: ActiveLease[] = [];
    try {
      leases.push(await acquireActiveLease({ connectionString: schema.url, onLost: () => undefined }));
      let waited = false;
      leases.push(await acquireActiveLease({ connectionString: other.url, onStandby: () => (waited = true), onLost: () => undefined }));
      expect(waited).toBe(false);
    } finally {
      for (const lease of leases) await lease.release();
      await other.drop();
    }
  });

  test('the holder learns at once when the server ends its session, and another replica takes over', async () => {
    const lost: Error[] = [];
    const first = await acquireActiveLease({ connectionString: schema.url, intervalMs: 50, onLost: (e) => lost.push(e) });
    const second = acquireActiveLease({ connectionString: schema.url, intervalMs: 50, onLost: () => undefined });
    await asAdmin((client) =>
      // The holder of this schema's lease only (other test files hold leases of their own schemas).
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1
           AND objid = ((hashtext($2)::bigint + 4294967296) % 4294967296)::text::oid`,
        [0x50424152, schema.name],
      ),
    );
    await waitUntil(() => lost.length > 0);
    expect(lost).toHaveLength(1);
    await (await second).release();
    await first.release(); // already gone: a no-op
  });

  test('a stop while in standby ends the wait with the reason', async () => {
    const first = await acquireActiveLease({ connectionString: schema.url, onLost: () => undefined });
    const abort = new AbortController();
    const second = acquireActiveLease({ connectionString: schema.url, intervalMs: 50, signal: abort.signal, onLost: () => undefined });
    abort.abort(new Error('service stopped'));
    await expect(second).rejects.toThrow('service stopped');
    await first.release();
  });
});

async function waitUntil(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
