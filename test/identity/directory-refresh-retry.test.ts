/**
 * A refresh that could not read the directory is tried again soon, with growing waits (exponential from 15 s,
 * jittered, never longer than the schedule's interval), instead of an hour later: on a fresh install the first
 * refresh is what maps anybody at all.
 */
import { createDirectoryRefreshDriver } from '../../src/identity/directory-refresh-driver';
import type { DirectoryRefreshResult } from '../../src/identity/directory-refresh';
import { FakeScheduler, settle } from './fake-scheduler';

const HOUR = 60 * 60_000;
type Answer = 'throw' | 'fetch-failed' | 'would-drop' | 'ok';

function setup(answers: Answer[], options: { random?: () => number; intervalMs?: number } = {}) {
  const scheduler = new FakeScheduler();
  const calls: { at: number; tenantId: string }[] = [];
  const refresh = async (tenantId: string): Promise<DirectoryRefreshResult> => {
    calls.push({ at: scheduler.now, tenantId });
    const answer = answers.shift() ?? 'ok';
    if (answer === 'throw') throw new Error('database is locked');
    if (answer === 'ok') return { tenantId, at: scheduler.now, outcome: 'replaced', mapped: 10 };
    const kind = answer === 'fetch-failed' ? 'directory-fetch-failed' : 'directory-would-drop-users';
    return { tenantId, at: scheduler.now, outcome: 'kept-last-good', mapped: 0, alert: { kind, tenantId, message: 'kept', detail: {} } };
  };
  const driver = createDirectoryRefreshDriver({
    refresh,
    tenants: () => ['t1'],
    scheduler,
    intervalMs: options.intervalMs,
    random: options.random ?? (() => 1),
    onError: () => undefined,
  });
  return { scheduler, calls, driver };
}

/** Runs fake time until `n` refreshes have been made (or an hour and a half passed). */
async function until(s: ReturnType<typeof setup>, n: number) {
  for (let waited = 0; s.calls.length < n && waited < 1.5 * HOUR; waited += 500) await s.scheduler.advance(500);
  await settle();
}

describe('directory refresh driver after a failed refresh', () => {
  test.each<[string, Answer]>([
    ['an exception', 'throw'],
    ['a Teams user list that could not be read', 'fetch-failed'],
  ])('%s is retried after 15 s, 30 s, 60 s..., and the hourly schedule keeps its rhythm', async (_what, failure) => {
    const s = setup([failure, failure, failure, failure, 'ok']);
    s.driver.start();
    await until(s, 6);
    expect(s.calls.map((c) => c.at)).toEqual([0, 15_000, 45_000, 105_000, 225_000, HOUR]);
    await s.driver.stop();
  });

  test('waits are jittered below their ceiling (equal jitter: between half of it and all of it)', async () => {
    const s = setup(['throw', 'throw', 'ok'], { random: () => 0 });
    s.driver.start();
    await until(s, 3);
    expect(s.calls.slice(1).map((c, i) => c.at - s.calls[i].at)).toEqual([7_500, 15_000]);
    await s.driver.stop();
  });

  test('no wait is longer than the interval: once the retries reach it, the schedule is the retry', async () => {
    const s = setup(
      Array.from({ length: 12 }, () => 'throw' as const),
      { intervalMs: 10 * 60_000 },
    );
    s.driver.start();
    await until(s, 9);
    expect(s.calls.map((c) => c.at / 1000)).toEqual([0, 15, 45, 105, 225, 465, 600, 1200, 1800]);
    await s.driver.stop();
  });

  test('only the tenant that failed is refreshed again early', async () => {
    const scheduler = new FakeScheduler();
    const calls: string[] = [];
    const driver = createDirectoryRefreshDriver({
      refresh: async (tenantId) => {
        calls.push(tenantId);
        if (tenantId === 't2' && calls.length < 4) throw new Error('Graph unavailable');
        return { tenantId, at: scheduler.now, outcome: 'replaced', mapped: 1 };
      },
      tenants: () => ['t1', 't2', 't3'],
      scheduler,
      random: () => 1,
      onError: () => undefined,
    });
    driver.start();
    await scheduler.advance(0);
    await scheduler.advance(15_000);
    expect(calls).toEqual(['t1', 't2', 't3', 't2']);
    await scheduler.advance(HOUR);
    expect(calls).toEqual(['t1', 't2', 't3', 't2', 't1', 't2', 't3']);
    await driver.stop();
  });

  test('a tenant that failed and then left the service is not retried, and the schedule goes back to its rhythm', async () => {
    const scheduler = new FakeScheduler();
    let tenants = ['t1'];
    const driver = createDirectoryRefreshDriver({
      refresh: async () => {
        throw new Error('Graph unavailable');
      },
      tenants: () => tenants,
      scheduler,
      random: () => 1,
      onError: () => undefined,
    });
    driver.start();
    await scheduler.advance(0);
    expect(scheduler.pendingDelays()).toEqual([15_000]);
    tenants = [];
    await scheduler.advance(15_000);
    expect(scheduler.pendingDelays()).toEqual([HOUR - 15_000]);
    await driver.stop();
  });

  test('a refusal to drop most users is not retried early: it waits for an admin, not for the network', async () => {
    const s = setup(['would-drop']);
    s.driver.start();
    await until(s, 2);
    expect(s.calls.map((c) => c.at)).toEqual([0, HOUR]);
    await s.driver.stop();
  });
});
