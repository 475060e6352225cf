import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

describeEachStore('alerts', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('installations are put, replaced and removed per team', async () => {
    await store.alerts.putInstallation({ tenantId: 't1', teamId: 'team-b', reference: { conversation: { id: 'b' } }, installedAt: 1 });
    await store.alerts.putInstallation({ tenantId: 't1', teamId: 'team-a', reference: { conversation: { id: 'a' } }, installedAt: 2 });
    await store.alerts.putInstallation({ tenantId: 't1', teamId: 'team-b', reference: { conversation: { id: 'b2' } }, installedAt: 3 });
    expect(await store.alerts.installations('t1')).toEqual([
      { tenantId: 't1', teamId: 'team-a', reference: { conversation: { id: 'a' } }, installedAt: 2 },
      { tenantId: 't1', teamId: 'team-b', reference: { conversation: { id: 'b2' } }, installedAt: 3 },
    ]);
    await store.alerts.removeInstallation('t1', 'team-a');
    expect((await store.alerts.installations('t1')).map((i) => i.teamId)).toEqual(['team-b']);
  });

  test('the alert channel is set, replaced and cleared', async () => {
    expect(await store.alerts.channel('t2')).toBeUndefined();
    await store.alerts.setChannel({ tenantId: 't2', reference: { channel: 1 }, setBy: 'Ann', setAt: 10 });
    await store.alerts.setChannel({ tenantId: 't2', reference: { channel: 2 }, setBy: 'Bob', setAt: 20 });
    expect(await store.alerts.channel('t2')).toEqual({ tenantId: 't2', reference: { channel: 2 }, setBy: 'Bob', setAt: 20 });
    await store.alerts.clearChannel('t2');
    expect(await store.alerts.channel('t2')).toBeUndefined();
  });

  test('an open alert keeps when it opened; updating it changes only its content', async () => {
    await store.alerts.putOpenAlert({ tenantId: 't3', key: 'graph', alert: { severity: 'warning' }, openedAt: 5 });
    await store.alerts.putOpenAlert({ tenantId: 't3', key: 'graph', alert: { severity: 'error' }, openedAt: 99 });
    await store.alerts.putOpenAlert({ tenantId: 't3', key: 'pbx', alert: { severity: 'error' }, openedAt: 6 });
    expect(await store.alerts.openAlerts('t3')).toEqual([
      { tenantId: 't3', key: 'graph', alert: { severity: 'error' }, openedAt: 5 },
      { tenantId: 't3', key: 'pbx', alert: { severity: 'error' }, openedAt: 6 },
    ]);
    await store.alerts.deleteOpenAlert('t3', 'graph');
    expect((await store.alerts.openAlerts('t3')).map((a) => a.key)).toEqual(['pbx']);
  });

  test('the outbox hands out rising ids, oldest first, and keeps retries and the last error', async () => {
    const first = await store.alerts.enqueue('t4', { text: 'one' }, 100, 100);
    const second = await store.alerts.enqueue('t5', { text: 'two' }, 101, 101);
    expect(second).toBeGreaterThan(first);
    await store.alerts.reschedule(first, 2, 500, 'Bot Framework 503');
    expect(await store.alerts.pending('t4')).toEqual([
      {
        id: first,
        tenantId: 't4',
        message: { text: 'one' },
        attempts: 2,
        nextAttemptAt: 500,
        createdAt: 100,
        lastError: 'Bot Framework 503',
      },
    ]);
    expect((await store.alerts.pending()).map((r) => r.id)).toEqual(expect.arrayContaining([first, second]));
    await store.alerts.remove(first);
    expect(await store.alerts.pending('t4')).toEqual([]);
    expect(await store.alerts.pending('t5')).toEqual([
      { id: second, tenantId: 't5', message: { text: 'two' }, attempts: 0, nextAttemptAt: 101, createdAt: 101 },
    ]);
  });

  test('a message JSON cannot hold is refused', async () => {
    await expect(store.alerts.enqueue('t6', { n: 1n } as unknown as Record<string, unknown>, 1, 1)).rejects.toThrow(StoreInputError);
    expect(await store.alerts.pending('t6')).toEqual([]);
  });
});
