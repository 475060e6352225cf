import { GraphPermissionError, GraphUnavailableError } from '../../../src/graph/errors';
import { PresencePoller } from '../../../src/graph/presence-poller';
import { pollingHealth } from '../../../src/service/tenants/polling-health';
import { FakeTime } from '../../graph/fake-time';

/** A Graph stand-in whose answer the test switches: ok, unavailable (every retry failed) or denied (403). */
function failingGraph() {
  const graph = {
    mode: 'unavailable' as 'ok' | 'unavailable' | 'denied',
    calls: 0,
    budget: { limit: 1500, windowMs: 30_000 },
    post: async (_path: string, body: unknown) => {
      graph.calls++;
      if (graph.mode === 'unavailable') throw new GraphUnavailableError('t1', 'reading presence', 4, '503');
      if (graph.mode === 'denied') throw new GraphPermissionError('t1', 'Presence.Read.All', 'reading presence', 'grant it');
      return {
        value: (body as { ids: string[] }).ids.map((id) => ({ id, availability: 'Available', activity: 'Available', sequenceNumber: '1' })),
      };
    },
  };
  return graph;
}

function setUp() {
  const time = new FakeTime();
  const graph = failingGraph();
  const poller = new PresencePoller({
    tenantId: 't1',
    client: graph,
    userIds: () => ['u1', 'u2'],
    onEvent: () => undefined,
    clock: time.clock,
    scheduler: time.scheduler,
    minPeriodMs: 1_000,
  });
  return { time, graph, poller };
}

describe('polling health', () => {
  test.each(['unavailable', 'denied'] as const)(
    'stays down through every sweep while every sweep fails (%s), and is ok after the first good one',
    async (mode) => {
      const { time, graph, poller } = setUp();
      graph.mode = mode;
      poller.start();
      const seen: string[] = [];
      for (let second = 0; second < 120; second++) {
        await time.advance(1_000);
        seen.push(pollingHealth(poller.stats()).status);
      }
      expect(poller.stats().sweeps).toBeGreaterThan(3);
      expect(new Set(seen)).toEqual(new Set(['down']));
      expect(pollingHealth(poller.stats()).detail).toMatch(mode === 'denied' ? /Presence\.Read\.All/ : /did not answer/);

      graph.mode = 'ok';
      await poller.sweepNow();
      expect(pollingHealth(poller.stats())).toMatchObject({ status: 'ok' });
      poller.stop();
    },
  );

  test.each([
    ['no sweep yet', { sweeps: 0 }, 'starting'],
    ['good sweeps', { sweeps: 3, lastGoodSweepAt: 5 }, 'ok'],
    ['failing since the first error', { sweeps: 3, lastGoodSweepAt: 5, failingSince: 9, lastError: { at: 9, message: 'x' } }, 'down'],
    ['an error that a later good sweep outlived', { sweeps: 4, lastGoodSweepAt: 12, lastError: { at: 9, message: 'x' } }, 'ok'],
  ])('%s -> %s', (_name, patch, status) => {
    const base = {
      tenantId: 't1',
      running: true,
      sweepPeriodMs: 1_000,
      sweeps: 0,
      usersPolled: 2,
      requestsUsed: 1,
      changesReported: 0,
      refusedSweeps: 0,
    };
    expect(pollingHealth({ ...base, ...patch }).status).toBe(status);
  });
});
