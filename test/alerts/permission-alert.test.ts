/**
 * A presence read refused with 403, from the poller through the Status view to the alert channel: one alert
 * that names the permission and how to grant it, while the refusal lasts, and its resolution once polling works.
 */
import { createAlertEngine, createMemoryAlertRepository, type AlertMessage } from '../../src/alerts';
import { GraphPermissionError } from '../../src/graph/errors';
import { PresencePoller } from '../../src/graph/presence-poller';
import { grantPermissionFix } from '../../src/graph/required-permissions';
import { buildTenantStatus } from '../../src/service/admin/tenant-status';
import { LatencyHistory } from '../../src/service/latency-history';
import { pollingHealth } from '../../src/service/tenants/polling-health';
import { RecentErrors, toAdminError } from '../../src/service/recent-errors';
import type { TenantRuntime } from '../../src/service/tenants/tenant-runtime';
import { presetPolicy } from '../../src/sync/decision/presets';
import { FakeTime } from '../graph/fake-time';

const TENANT = 'tenant-a';
const MINUTE = 60_000;
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setUp() {
  const time = new FakeTime();
  const graph = {
    denied: true,
    calls: 0,
    budget: { limit: 1500, windowMs: 30_000 },
    async post(_path: string, body: unknown) {
      graph.calls++;
      if (graph.denied)
        throw new GraphPermissionError(
          TENANT,
          'Presence.Read.All',
          'reading the presence of 2 users',
          grantPermissionFix('Presence.Read.All'),
        );
      return {
        value: (body as { ids: string[] }).ids.map((id) => ({ id, availability: 'Available', activity: 'Available', sequenceNumber: '1' })),
      };
    },
  };
  const errors = new RecentErrors();
  const poller = new PresencePoller({
    tenantId: TENANT,
    client: graph,
    userIds: () => ['u1', 'u2'],
    onEvent: () => undefined,
    onError: (err) => errors.add(TENANT, toAdminError('polling', err, time.now())),
    clock: time.clock,
    scheduler: time.scheduler,
  });
  const runtime = {
    poller,
    connection: { client: { stats: () => ({ usedInWindow: 0, throttled: 0, pausedUntil: 0, budgetLimit: 1500 }) }, tokens: {} },
    health: () => ({ polling: pollingHealth(poller.stats()) }),
    lastRefresh: () => undefined,
  } as unknown as TenantRuntime;
  const latency = new LatencyHistory();
  const status = async () =>
    buildTenantStatus({
      record: {
        tenantId: TENANT,
        displayName: 'Contoso',
        mode: 'app',
        clientId: 'client-a',
        settings: {
          appKind: 'ownApp',
          authorityHost: 'https://login.microsoftonline.com',
          graphBaseUrl: 'https://graph.microsoft.com',
          connector: { kind: 'webhook', url: 'https://pbx.example/hook' },
        },
        createdAt: 0,
        updatedAt: 0,
      },
      runtime,
      policy: presetPolicy('default'),
      rows: [],
      conflicts: 0,
      overrides: 0,
      latency,
      errors: errors.list(TENANT),
      budget: { limitPer30s: 1500, pollShare: 0.5 },
      now: time.now(),
    });
  const got: AlertMessage[] = [];
  const engine = createAlertEngine({
    admin: { tenantIds: () => [TENANT], status },
    repository: createMemoryAlertRepository(),
    sink: { deliver: async (m) => void got.push(m) },
    clock: time.clock,
    scheduler: time.scheduler,
    log: quietLog,
  });
  return { time, graph, poller, engine, got };
}

test('a presence read refused for 10 minutes raises one alert naming the permission and how to grant it, resolved once polling works', async () => {
  const { time, graph, poller, engine, got } = setUp();
  poller.start();
  engine.start();
  await time.advance(10 * MINUTE);
  await engine.idle();
  expect(got.map((m) => `${m.kind} ${m.key}`)).toEqual(['raised permission-missing']);
  expect(got[0].title).toContain('Presence.Read.All');
  expect(got[0].fix).toMatch(/API permissions.*Presence\.Read\.All.*Grant admin consent/);
  expect(graph.calls).toBeLessThan(10);

  graph.denied = false;
  await time.advance(6 * MINUTE);
  await engine.idle();
  expect(got.map((m) => `${m.kind} ${m.key}`)).toEqual(['raised permission-missing', 'resolved permission-missing']);
  engine.stop();
  poller.stop();
});
