import { DAY_MS, startAuditRetention } from '../../../src/service/admin/audit-retention';
import { openSqliteStore } from '../../../src/store/sqlite-store';
import { FakeTime } from '../../graph/fake-time';
import { KEY } from '../../store/test-store';

describe('audit log retention (fake clock)', () => {
  test('prunes at start and then once a day, keeping what is younger than the retention', async () => {
    const time = new FakeTime();
    const store = openSqliteStore({ path: ':memory:', secretKey: KEY, clock: time.clock });
    const start = time.now();
    const entry = (ageDays: number, action: string) =>
      store.audit.append({ tenantId: 't', at: start - ageDays * DAY_MS, by: 'ann', action });
    await entry(400, 'long gone');
    await entry(30.5, 'just past retention');
    await entry(29.5, 'past retention a day later');
    await entry(0, 'fresh');
    const pruned: number[] = [];

    const retention = startAuditRetention({
      audit: store.audit,
      clock: time.clock,
      scheduler: time.scheduler,
      retentionDays: 30,
      onPruned: (n) => pruned.push(n),
    });
    await time.settle();
    const actions = async () => (await store.audit.list('t', { limit: 10 })).map((e) => e.action);
    expect(await actions()).toEqual(['fresh', 'past retention a day later']);
    expect(pruned).toEqual([2]);

    await time.advance(DAY_MS - 1);
    expect(await actions()).toEqual(['fresh', 'past retention a day later']);
    await time.advance(1);
    expect(await actions()).toEqual(['fresh']);
    expect(pruned).toEqual([2, 1]);

    retention.stop();
    expect(time.pending()).toBe(0);
    await store.close();
  });

  test('a failed prune is reported and tried again the next day', async () => {
    const time = new FakeTime();
    const errors: unknown[] = [];
    let calls = 0;
    const audit = {
      prune: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database is locked');
        return 0;
      },
    };
    const retention = startAuditRetention({
      audit,
      clock: time.clock,
      scheduler: time.scheduler,
      retentionDays: 365,
      onError: (e) => errors.push(e),
    });
    await time.settle();
    expect((errors[0] as Error).message).toBe('database is locked');
    await time.advance(DAY_MS);
    expect(calls).toBe(2);
    retention.stop();
  });
});
