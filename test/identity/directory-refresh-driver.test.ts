import {
  createDirectoryRefreshDriver,
  DEFAULT_REFRESH_INTERVAL_MS,
  type DirectoryRefreshDriverOptions,
} from '../../src/identity/directory-refresh-driver';
import type { DirectoryRefreshResult, RefreshProgress } from '../../src/identity/directory-refresh';
import { RefreshStoppedError } from '../../src/identity/errors';
import { FakeScheduler, settle } from './fake-scheduler';

/** A refresh that waits until the test lets it finish, so overlap can be observed. */
function controllableRefresh() {
  const calls: { tenantId: string; acceptDrop?: boolean; finish(): void; fail(err: Error): void }[] = [];
  let active = 0;
  let maxActive = 0;
  const refresh: DirectoryRefreshDriverOptions['refresh'] = (tenantId, options) =>
    new Promise<DirectoryRefreshResult>((resolve, reject) => {
      active++;
      maxActive = Math.max(maxActive, active);
      options.onProgress({ tenantId, phase: 'fetching-directory', counts: {} });
      const done = () => active--;
      calls.push({
        tenantId,
        acceptDrop: options.acceptDrop,
        finish: () => {
          done();
          options.onProgress({ tenantId, phase: 'done', counts: { matched: 1 } });
          resolve({ tenantId, at: 0, outcome: 'replaced', mapped: 1 });
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
    });
  return { refresh, calls, maxActive: () => maxActive };
}

describe('directory refresh driver', () => {
  test('runs a round at start, then every hour by default', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls } = controllableRefresh();
    const driver = createDirectoryRefreshDriver({ refresh, tenants: () => ['t1', 't2'], scheduler });
    driver.start();
    await scheduler.advance(0);
    expect(calls.map((c) => c.tenantId)).toEqual(['t1']);
    calls[0].finish();
    await settle();
    expect(calls.map((c) => c.tenantId)).toEqual(['t1', 't2']);
    calls[1].finish();
    await settle();
    expect(scheduler.pendingDelays()).toEqual([DEFAULT_REFRESH_INTERVAL_MS]);
    await scheduler.advance(DEFAULT_REFRESH_INTERVAL_MS - 1);
    expect(calls).toHaveLength(2);
    await scheduler.advance(1);
    expect(calls).toHaveLength(3);
    calls[2].finish();
    await driver.stop();
  });

  test('never runs two refreshes at once, and a second request for the same tenant joins the first', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls, maxActive } = controllableRefresh();
    const driver = createDirectoryRefreshDriver({ refresh, tenants: () => [], scheduler });
    const first = driver.refreshNow('t1');
    const second = driver.refreshNow('t2');
    const again = driver.refreshNow('t1');
    expect(again).toBe(first);
    await settle();
    expect(driver.running()).toBe('t1');
    expect(calls.map((c) => c.tenantId)).toEqual(['t1']);
    calls[0].finish();
    await first;
    await settle();
    expect(driver.running()).toBe('t2');
    calls[1].finish();
    await second;
    expect(calls).toHaveLength(2);
    expect(maxActive()).toBe(1);
  });

  test('reports progress to every caller, queued ones first told they wait', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls } = controllableRefresh();
    const driver = createDirectoryRefreshDriver({ refresh, tenants: () => [], scheduler });
    const a: RefreshProgress[] = [];
    const b: RefreshProgress[] = [];
    void driver.refreshNow('t1');
    const waiting = driver.refreshNow('t2', { onProgress: (p) => a.push(p) });
    void driver.refreshNow('t2', { onProgress: (p) => b.push(p) });
    expect(a.map((p) => p.phase)).toEqual(['queued']);
    await settle();
    calls[0].finish();
    await settle();
    calls[1].finish();
    await waiting;
    expect(a.map((p) => p.phase)).toEqual(['queued', 'fetching-directory', 'done']);
    expect(b.map((p) => p.phase)).toEqual(['queued', 'fetching-directory', 'done']);
  });

  test('an accepted drop is a separate request, not joined with a plain refresh', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls } = controllableRefresh();
    const driver = createDirectoryRefreshDriver({ refresh, tenants: () => [], scheduler });
    const plain = driver.refreshNow('t1');
    const accepted = driver.refreshNow('t1', { acceptDrop: true });
    expect(accepted).not.toBe(plain);
    await settle();
    calls[0].finish();
    await settle();
    calls[1].finish();
    await accepted;
    expect(calls.map((c) => c.acceptDrop)).toEqual([undefined, true]);
  });

  test('a failing refresh is reported and does not block the next one or the schedule', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls } = controllableRefresh();
    const errors: [unknown, string | undefined][] = [];
    const results: DirectoryRefreshResult[] = [];
    const driver = createDirectoryRefreshDriver({
      refresh,
      tenants: () => ['t1', 't2'],
      scheduler,
      intervalMs: 1000,
      onError: (err, tenantId) => errors.push([err, tenantId]),
      onResult: (r) => results.push(r),
    });
    driver.start();
    await scheduler.advance(0);
    calls[0].fail(new Error('database is locked'));
    await settle();
    calls[1].finish();
    await settle();
    expect(errors).toEqual([[new Error('database is locked'), 't1']]);
    expect(results.map((r) => r.tenantId)).toEqual(['t2']);
    expect(scheduler.pendingDelays()).toEqual([1000]);
    await driver.stop();
  });

  test('stop disarms the schedule and refuses new requests', async () => {
    const scheduler = new FakeScheduler();
    const { refresh, calls } = controllableRefresh();
    const driver = createDirectoryRefreshDriver({ refresh, tenants: () => ['t1'], scheduler });
    driver.start({ runNow: false });
    await driver.stop();
    await scheduler.advance(DEFAULT_REFRESH_INTERVAL_MS * 2);
    expect(calls).toHaveLength(0);
    await expect(driver.refreshNow('t1')).rejects.toThrow(RefreshStoppedError);
  });
});
