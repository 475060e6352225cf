import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantStatus } from '../../src/service/admin/admin-service';
import {
  createAlertEngine,
  createMemoryAlertRepository,
  NoAlertChannelError,
  type AlertEngine,
  type AlertMessage,
  type AlertSink,
} from '../../src/alerts';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { AlertRepository } from '../../src/alerts/alert-repository';
import { FakeTime } from '../graph/fake-time';
import { healthyStatus, TENANT } from './status-fixture';

const MINUTE = 60_000;
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A channel that records what it got; `down` makes it refuse like a channel that is not set. */
class RecordingSink implements AlertSink {
  readonly got: AlertMessage[] = [];
  down = false;
  async deliver(message: AlertMessage) {
    if (this.down) throw new NoAlertChannelError(message.tenantId);
    this.got.push(message);
    return { threadId: `thread-of-${message.key}` };
  }
  summary() {
    return this.got.map((m) => `${m.kind} ${m.key}`);
  }
}

function setUp(
  options: { repository?: AlertRepository; time?: FakeTime; settings?: Parameters<typeof createAlertEngine>[0]['settings'] } = {},
) {
  const time = options.time ?? new FakeTime();
  let status: TenantStatus = healthyStatus(time.now());
  const admin = { tenantIds: () => [TENANT], status: async () => status };
  const sink = new RecordingSink();
  const repository = options.repository ?? createMemoryAlertRepository();
  const engine = createAlertEngine({
    admin,
    repository,
    sink,
    clock: time.clock,
    scheduler: time.scheduler,
    log: quietLog,
    settings: options.settings,
  });
  const set = (patch: Partial<TenantStatus>) => (status = { ...healthyStatus(time.now()), ...patch });
  return { time, engine, sink, repository, set };
}

const connectorDown = { parts: { ...healthyStatus(0).parts, connector: { status: 'down' as const, detail: 'ECONNREFUSED' } } };
const conflicts = (n: number) => ({ counts: { ...healthyStatus(0).counts, conflicts: n } });

async function run(engine: AlertEngine, time: FakeTime, ms: number) {
  await time.advance(ms);
  await engine.idle();
}

describe('alert engine', () => {
  test('a condition is alerted once while it lasts, then resolved in the same thread', async () => {
    const { time, engine, sink, set } = setUp();
    engine.start();
    set(conflicts(2));
    await run(engine, time, 5 * MINUTE);
    expect(sink.summary()).toEqual(['raised mapping-conflicts']);
    set(conflicts(0));
    await run(engine, time, MINUTE);
    expect(sink.summary()).toEqual(['raised mapping-conflicts', 'resolved mapping-conflicts']);
    expect(sink.got[1]).toMatchObject({ threadId: 'thread-of-mapping-conflicts', openedAt: sink.got[0].openedAt });
    engine.stop();
  });

  test('a condition with a hold time is alerted only once it has lasted that long', async () => {
    const { time, engine, sink, set } = setUp();
    engine.start();
    set(connectorDown);
    await run(engine, time, MINUTE);
    expect(sink.got).toEqual([]);
    await run(engine, time, 2 * MINUTE);
    expect(sink.summary()).toEqual(['raised connector-down']);
    engine.stop();
  });

  test('a connector that comes back within the hold time is never alerted', async () => {
    const { time, engine, sink, set } = setUp();
    engine.start();
    set(connectorDown);
    await run(engine, time, MINUTE);
    set({});
    await run(engine, time, 10 * MINUTE);
    expect(sink.got).toEqual([]);
    engine.stop();
  });

  test('a storm of alerts is spread over rate-limit windows, none dropped', async () => {
    const { time, engine, sink, set } = setUp({ settings: { rateLimit: { max: 2, windowMs: 10 * MINUTE } } });
    engine.start();
    set({
      ...conflicts(1),
      paused: { by: 'Adele', at: time.now() - 5 * 3600_000 },
      credential: { kind: 'secret', daysLeft: 5 },
      parts: { ...healthyStatus(0).parts, directory: { status: 'down', detail: 'Graph 503' } },
    });
    await run(engine, time, 0);
    expect(sink.got).toHaveLength(2);
    await run(engine, time, 9 * MINUTE);
    expect(sink.got).toHaveLength(2);
    await run(engine, time, 2 * MINUTE);
    expect(sink.got).toHaveLength(4);
    expect(new Set(sink.got.map((m) => m.key)).size).toBe(4);
    engine.stop();
  });

  test('an alert that cannot be delivered is kept and retried with backoff until it is', async () => {
    const { time, engine, sink, set, repository } = setUp({ settings: { retry: { firstMs: 30_000, maxMs: 5 * MINUTE } } });
    sink.down = true;
    engine.start();
    set(conflicts(1));
    await run(engine, time, 0);
    const [kept] = await repository.pending(TENANT);
    expect(kept).toMatchObject({ attempts: 1, lastError: expect.stringContaining('alerts here') });
    await run(engine, time, 20 * MINUTE);
    expect((await repository.pending(TENANT))[0].attempts).toBeGreaterThan(3);
    sink.down = false;
    await run(engine, time, 5 * MINUTE);
    expect(sink.summary()).toEqual(['raised mapping-conflicts']);
    expect(await repository.pending(TENANT)).toEqual([]);
    engine.stop();
  });

  test('deliverNow sends what waits as soon as a channel is chosen', async () => {
    const { time, engine, sink, set } = setUp();
    sink.down = true;
    engine.start();
    set(conflicts(1));
    await run(engine, time, 0);
    sink.down = false;
    await engine.deliverNow(TENANT);
    expect(sink.summary()).toEqual(['raised mapping-conflicts']);
    engine.stop();
  });

  test('an alert that cleared before anyone saw it is not sent at all', async () => {
    const { time, engine, sink, set, repository } = setUp();
    sink.down = true;
    engine.start();
    set(conflicts(1));
    await run(engine, time, 0);
    set(conflicts(0));
    await run(engine, time, MINUTE);
    sink.down = false;
    await run(engine, time, 30 * MINUTE);
    expect(sink.got).toEqual([]);
    expect(await repository.pending(TENANT)).toEqual([]);
    engine.stop();
  });

  test('an expiring secret is alerted at 30, 7 and 1 days, each replacing the last, then resolved once renewed', async () => {
    const { time, engine, sink, set } = setUp();
    engine.start();
    for (const daysLeft of [29, 28, 6, 0.5]) {
      set({ credential: { kind: 'secret', daysLeft } });
      await run(engine, time, MINUTE);
    }
    set({ credential: { kind: 'secret', daysLeft: 700 } });
    await run(engine, time, MINUTE);
    expect(sink.summary()).toEqual([
      'raised credential-expires-30d',
      'raised credential-expires-7d',
      'raised credential-expires-1d',
      'resolved credential-expires-1d',
    ]);
    expect(engine.openAlerts(TENANT)).toEqual([]);
    engine.stop();
  });

  test('a pushed directory alert is raised at once and resolved after a later good refresh', async () => {
    const { time, engine, sink, set } = setUp();
    engine.start();
    await run(engine, time, 0);
    await engine.raise({
      kind: 'directory-would-drop-users',
      tenantId: TENANT,
      message: 'The refresh would drop 4,000 of 10,000 users; the last good mapping is kept.',
      detail: { dropped: 4000 },
    });
    expect(sink.got[0]).toMatchObject({ kind: 'raised', key: 'directory-would-drop-users', text: expect.stringContaining('4,000') });
    await run(engine, time, MINUTE);
    expect(sink.got).toHaveLength(1);
    set({ directory: { lastRefreshAt: time.now() + 1, lastOutcome: 'replaced' } });
    await run(engine, time, MINUTE);
    expect(sink.summary()).toEqual(['raised directory-would-drop-users', 'resolved directory-would-drop-users']);
    engine.stop();
  });

  test('a pushed alert of any part lasts until it is cleared', async () => {
    const { time, engine, sink } = setUp();
    engine.start();
    await engine.raise({ tenantId: TENANT, key: 'writer-stuck', severity: 'warning', title: 'Presence writes are stuck', text: 'x' });
    await run(engine, time, 10 * MINUTE);
    expect(sink.summary()).toEqual(['raised writer-stuck']);
    await engine.clear(TENANT, 'writer-stuck');
    await run(engine, time, MINUTE);
    expect(sink.summary()).toEqual(['raised writer-stuck', 'resolved writer-stuck']);
    engine.stop();
  });

  test('a restart keeps undelivered alerts and open alerts, so nothing is lost or repeated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-alerts-'));
    const key = Buffer.alloc(32, 3).toString('base64');
    try {
      const time = new FakeTime();
      const first = openSqliteStore({ path: join(dir, 'db.sqlite'), secretKey: key, clock: time.clock });
      const a = setUp({ repository: first.alerts!, time });
      a.engine.start();
      a.set({ ...conflicts(1), credential: { kind: 'secret', daysLeft: 20 } });
      await run(a.engine, time, 0);
      a.sink.down = true;
      a.set({ ...conflicts(1), credential: { kind: 'secret', daysLeft: 20 }, ...connectorDown });
      await run(a.engine, time, 3 * MINUTE);
      expect(a.sink.summary()).toEqual(['raised mapping-conflicts', 'raised credential-expires-30d']);
      a.engine.stop();
      await first.close();

      const second = openSqliteStore({ path: join(dir, 'db.sqlite'), secretKey: key, clock: time.clock });
      const b = setUp({ repository: second.alerts!, time });
      b.set({ credential: { kind: 'secret', daysLeft: 20 }, ...connectorDown });
      b.engine.start();
      await run(b.engine, time, MINUTE);
      expect(b.sink.summary()).toEqual(['raised connector-down', 'resolved mapping-conflicts']);
      expect(b.sink.got[1].threadId).toBe('thread-of-mapping-conflicts');
      b.engine.stop();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('each tenant has its own alerts', async () => {
    const time = new FakeTime();
    const statuses: Record<string, TenantStatus> = {
      a: { ...healthyStatus(time.now()), tenantId: 'a', ...conflicts(1) },
      b: { ...healthyStatus(time.now()), tenantId: 'b' },
    };
    const sink = new RecordingSink();
    const engine = createAlertEngine({
      admin: { tenantIds: () => ['a', 'b'], status: async (t) => statuses[t] },
      repository: createMemoryAlertRepository(),
      sink,
      clock: time.clock,
      scheduler: time.scheduler,
      log: quietLog,
    });
    engine.start();
    await run(engine, time, 0);
    expect(sink.got.map((m) => `${m.tenantId} ${m.key}`)).toEqual(['a mapping-conflicts']);
    expect(engine.openAlerts('b')).toEqual([]);
    engine.stop();
  });
});
