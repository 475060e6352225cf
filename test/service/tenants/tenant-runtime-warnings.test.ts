import { GraphUnavailableError } from '../../../src/graph/errors';
import type { Logger } from '../../../src/logger';
import { createTenantRuntime, type TenantRuntimeOptions } from '../../../src/service/tenants/tenant-runtime';
import { FakeTime } from '../../graph/fake-time';

const MINUTE = 60_000;

/** Just enough of a tenant's parts for its runtime to poll: Graph fails every read the same way. */
function failingTenant(time: FakeTime) {
  const warnings: string[] = [];
  const logger = {
    warn: (_o: object, msg: string) => warnings.push(msg),
    info: () => undefined,
    error: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  (logger as unknown as { child: () => Logger }).child = () => logger;
  const graph = {
    reads: 0,
    budget: { limit: 1500, windowMs: 30_000 },
    post: async () => {
      graph.reads++;
      throw new GraphUnavailableError('t1', 'reading presence', 4, '503 ServiceNotAvailable');
    },
    stats: () => ({ usedInWindow: 0, budgetLimit: 1500, pausedUntil: 0 }),
  };
  const options = {
    tenantId: 't1',
    connection: { client: graph },
    connector: {
      kind: 'webhook',
      capabilities: () => ({}),
      start: async () => undefined,
      stop: async () => undefined,
      watch: async () => undefined,
      health: () => ({ status: 'connected' }),
    },
    engine: {
      load: async () => undefined,
      setMapping: () => undefined,
      submit: () => undefined,
      submitLineReport: () => undefined,
      routingBacklog: () => 0,
      reassert: () => 0,
    },
    store: { mappings: { list: async () => [{ tenantId: 't1', userId: 'u1', extension: '1001', matchedBy: 'mail' }] } },
    clock: time.clock,
    scheduler: time.scheduler,
    logger,
    metrics: { mappedUsers: { set: () => undefined }, sweepPeriod: { set: () => undefined } },
    poll: { share: 0.5, minPeriodMs: 1_000 },
    directory: { strategies: ['mail'], maxDropShare: 0.5 },
    onAlert: () => undefined,
    onError: () => undefined,
  } as unknown as TenantRuntimeOptions;
  return { runtime: createTenantRuntime(options), graph, warnings };
}

test('a sweep that fails every second for 10 minutes is warned about at the start, then at most every 5 minutes', async () => {
  const time = new FakeTime();
  const { runtime, graph, warnings } = failingTenant(time);
  await runtime.start();
  await time.advance(10 * MINUTE);
  await runtime.stop();
  expect(graph.reads).toBeGreaterThan(500);
  expect(warnings).toEqual(['presence sweep failed', 'presence sweep failed', 'presence sweep failed']);
  expect(runtime.health().polling.status).toBe('down');
});
