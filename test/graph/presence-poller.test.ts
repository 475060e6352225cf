import { EntraUnreachableError, GraphPermissionError, GraphRequestError } from '../../src/graph/errors';
import { PresencePoller, type PresencePollerOptions } from '../../src/graph/presence-poller';
import type { TeamsPresenceEvent } from '../../src/sync/types';
import { FakeTime } from './fake-time';

type Presence = { id: string; availability: string; activity: string; sequenceNumber: string };

/** A Graph stand-in: answers getPresencesByUserId from a table, can refuse long lists with a bare 400. */
class FakePresenceGraph {
  presences = new Map<string, Presence>();
  calls: string[][] = [];
  bareBadRequestAbove = Infinity;
  deny = false;
  signInUnreachable = false;
  budget = { limit: 1500, windowMs: 30_000 };
  set(id: string, availability: string, activity: string, sequenceNumber: string) {
    this.presences.set(id, { id, availability, activity, sequenceNumber });
  }
  post = async (_path: string, body: unknown): Promise<unknown> => {
    const ids = (body as { ids: string[] }).ids;
    this.calls.push(ids);
    if (this.deny) throw new GraphPermissionError('t1', 'Presence.Read.All', 'reading presence', 'grant it');
    if (this.signInUnreachable) throw new EntraUnreachableError('t1', 'login.microsoftonline.com', 'ECONNREFUSED');
    if (ids.length > this.bareBadRequestAbove) throw new GraphRequestError('t1', 400, undefined, 'reading presence', 'no details', 'n/a');
    return { value: ids.flatMap((id) => (this.presences.has(id) ? [this.presences.get(id)] : [])) };
  };
}

function setup(
  users: number,
  options: Partial<
    Pick<PresencePollerOptions, 'share' | 'minPeriodMs' | 'concurrency' | 'backlog' | 'maxBacklog' | 'maxBacklogWaitMs'>
  > = {},
) {
  const time = new FakeTime();
  const graph = new FakePresenceGraph();
  const ids = Array.from({ length: users }, (_, i) => `user-${i}`);
  ids.forEach((id) => graph.set(id, 'Available', 'Available', '0001'));
  const events: TeamsPresenceEvent[] = [];
  const errors: Error[] = [];
  const poller = new PresencePoller({
    tenantId: 't1',
    client: graph,
    userIds: () => ids,
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e),
    clock: time,
    scheduler: time.scheduler,
    ...options,
  });
  return { time, graph, ids, events, errors, poller };
}

describe('PresencePoller', () => {
  test('polls 2,000 users in 4 chunks of at most 650 ids', async () => {
    const { graph, poller, events } = setup(2_000);
    const result = await poller.sweepNow();
    expect(graph.calls.map((c) => c.length)).toEqual([650, 650, 650, 50]);
    expect(new Set(graph.calls.flat()).size).toBe(2_000);
    expect(result).toMatchObject({ users: 2_000, requests: 4, changes: 2_000 });
    expect(events[0]).toMatchObject({
      kind: 'teamsPresence',
      tenantId: 't1',
      source: 'poll',
      version: '0001',
      presence: { availability: 'Available', activity: 'Available' },
    });
  });

  test('reports changes only; a read whose sequence number went back (a Graph reset) is still the present', async () => {
    const { graph, poller, events } = setup(3);
    await poller.sweepNow();
    events.length = 0;
    graph.set('user-0', 'Busy', 'InACall', '0002');
    graph.set('user-1', 'Available', 'Available', '0002');
    graph.set('user-2', 'Away', 'Away', '0000');
    await poller.sweepNow();
    expect(events.map((e) => [e.userId, e.presence.availability, e.version])).toEqual([
      ['user-0', 'Busy', '0002'],
      ['user-2', 'Away', '0000'],
    ]);
  });

  test('splits a chunk that gets a bare 400 until it passes', async () => {
    const { graph, poller, events } = setup(650);
    graph.bareBadRequestAbove = 200;
    const result = await poller.sweepNow();
    expect(events).toHaveLength(650);
    expect(graph.calls.map((c) => c.length)).toEqual([650, 325, 163, 162, 325, 163, 162]);
    expect(result.requests).toBe(7);
    expect(result.failedChunks).toBe(0);
  });

  test('a missing permission stops the sweep after one request', async () => {
    const { graph, poller, errors } = setup(2_000);
    graph.deny = true;
    const result = await poller.sweepNow();
    expect(result.failedChunks).toBe(1);
    expect(graph.calls).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(GraphPermissionError);
    expect(poller.stats().lastError?.message).toMatch(/Presence.Read.All/);
  });

  test('an unreachable sign-in server stops the sweep after one request, and the next sweep comes at the usual pace', async () => {
    const { graph, poller, time } = setup(2_000);
    graph.signInUnreachable = true;
    poller.start();
    await time.advance(0);
    expect(graph.calls).toHaveLength(1);
    await time.advance(1_000);
    expect(graph.calls).toHaveLength(2);
    expect(poller.stats()).toMatchObject({ refusedSweeps: 0, failingSince: expect.any(Number) });
    poller.stop();
  });

  test('a missing permission that lasts is asked about less and less often (5 s doubling up to 5 min), and polling resumes at its pace as soon as a check finds it granted', async () => {
    const { graph, poller, time, errors } = setup(2_000);
    graph.deny = true;
    poller.start();
    await time.advance(10 * 60_000);
    // Sweeps at 0, 5, 15, 35, 75, 155, 315 s (then 615 s): one request each, not one a second.
    expect(graph.calls).toHaveLength(7);
    expect(errors).toHaveLength(7);
    expect(poller.stats()).toMatchObject({ refusedSweeps: 7, nextTryAt: time.now() + 15_000 });
    graph.deny = false;
    poller.retryNow(); // what a passing permission check does
    await time.advance(0);
    expect(graph.calls).toHaveLength(7 + 4); // at once, the whole sweep (4 chunks)
    const afterGrant = graph.calls.length;
    expect(poller.stats()).toMatchObject({ refusedSweeps: 0, failingSince: undefined });
    await time.advance(10_000);
    expect(graph.calls.length - afterGrant).toBe(10 * 4);
    poller.stop();
  });

  test.each([
    [2_000, 0.5, 1_000, 1_000],
    [100_000, 0.5, 1_000, 6_222],
    [100_000, 0.1, 1_000, 31_108],
  ])('with %i users and share %d the sweep repeats every %i ms at least, here %i ms', async (users, share, minPeriodMs, period) => {
    const { graph, poller, time } = setup(users, { share, minPeriodMs });
    poller.start();
    await time.advance(0);
    const first = graph.calls.length;
    await time.advance(period - 1);
    expect(graph.calls.length).toBe(first);
    await time.advance(1);
    expect(graph.calls.length).toBe(2 * first);
    expect(poller.stats()).toMatchObject({ sweepPeriodMs: period, usersPolled: users, sweeps: 2, requestsUsed: first });
    poller.stop();
    await time.advance(period * 3);
    expect(graph.calls.length).toBe(2 * first);
  });

  test('sweepNow during a sweep joins it instead of starting another', async () => {
    const { graph, poller } = setup(10);
    const [a, b] = await Promise.all([poller.sweepNow(), poller.sweepNow()]);
    expect(a).toBe(b);
    expect(graph.calls).toHaveLength(1);
  });

  describe('reads no faster than the PBX writes it causes drain', () => {
    test('holds the next chunk back while more users than maxBacklog wait for a write, and reads it once they drain', async () => {
      let written = 0; // every change read waits for its routing write until the test says it is written
      const { graph, poller, time, events } = setup(1_300, { backlog: () => events.length - written, maxBacklog: 600, concurrency: 1 });
      const sweep = poller.sweepNow();
      await time.advance(0);
      expect(graph.calls).toHaveLength(1);
      expect(events).toHaveLength(650);
      await time.advance(5_000);
      expect(graph.calls).toHaveLength(1);
      written = 50;
      await time.advance(100);
      expect(graph.calls).toHaveLength(2);
      await sweep;
      expect(events).toHaveLength(1_300);
    });

    test('reads anyway after maxBacklogWaitMs, so a PBX that takes no writes never stops the reading', async () => {
      const { graph, poller, time } = setup(1_300, { backlog: () => 5_000, maxBacklog: 700, maxBacklogWaitMs: 30_000, concurrency: 1 });
      const sweep = poller.sweepNow();
      await time.advance(29_000);
      expect(graph.calls).toHaveLength(0);
      await time.advance(1_000);
      expect(graph.calls).toHaveLength(1);
      await time.advance(30_000);
      expect(graph.calls).toHaveLength(2);
      await expect(sweep).resolves.toMatchObject({ users: 1_300, requests: 2 });
    });

    test('stop() ends a sweep that is waiting for the backlog', async () => {
      const { graph, poller, time } = setup(1_300, { backlog: () => 5_000, maxBacklog: 700 });
      poller.start();
      await time.advance(1_000);
      poller.stop();
      await time.advance(100);
      await expect(poller.sweepNow()).resolves.toMatchObject({ requests: 0 });
      expect(graph.calls).toHaveLength(0);
    });
  });
});
