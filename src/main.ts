/**
 * Composition root: settings -> store -> Graph and PBX adapters -> engine -> HTTP server. Demo mode puts
 * the simulators where Microsoft and the PBX would be, and changes nothing else.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'restify';
import type { Settings } from './config';
import { startDemoEnvironment, type DemoEnvironment } from './demo/demo-environment';
import { connectTenant, createTransport, PresenceWriter, realClock, realScheduler, realSleep, TenantConnections, type TenantAppCredentials } from './graph';
import { createDirectoryRefreshDriver, type DirectoryRefreshDriver } from './identity';
import { createLogger, type Logger } from './logger';
import { createMetrics, type ServiceMetrics } from './metrics';
import type { PbxConnector } from './pbx/connector';
import { createConnector } from './pbx/create-connector';
import { createWebhookConnector, type WebhookConnector } from './pbx/webhook';
import { createPolicyBook } from './runtime/policy-book';
import { createTenantRuntime, type TenantRuntime } from './runtime/tenant-runtime';
import { createTraceWriter } from './runtime/trace-writer';
import { createServer, listen, type HealthReport } from './server';
import { loadOrCreateKeyFile } from './store/secret-box';
import { openSqliteStore } from './store/sqlite-store';
import type { Store } from './store/store';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import type { Clock, Scheduler } from './sync/ports';
import type { TraceEntry } from './sync/types';

export interface ServiceOptions {
  logger?: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  /** Every decision as it is made (the demo prints the applied ones). */
  onDecision?(entry: TraceEntry): void;
  /** Demo tuning for tests and the benchmark. */
  demo?: { seed?: number; graphLatencyMs?: number };
}

export interface Service {
  url: string;
  settings: Readonly<Settings>;
  store: Store;
  engine: SyncEngine;
  metrics: ServiceMetrics;
  runtimes: ReadonlyMap<string, TenantRuntime>;
  directory: DirectoryRefreshDriver;
  presenceWriter: PresenceWriter;
  demo?: DemoEnvironment;
  health(): Promise<HealthReport>;
  stop(): Promise<void>;
}

const DEMO_TENANT_SETTING = 'demoTenant';

export async function startService(settings: Readonly<Settings>, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const clock = options.clock ?? realClock;
  const scheduler = options.scheduler ?? realScheduler;
  const cleanup: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const step of cleanup.reverse()) await step();
  };

  try {
    if (settings.dbPath !== ':memory:') mkdirSync(settings.dataDir, { recursive: true });
    // Demo mode keeps its key in the data directory; a real tenant's comes from PB_SECRET_KEY (config insists).
    const secretKey = settings.secretKey ?? loadOrCreateKeyFile(join(settings.dataDir, 'secret.key'));
    const store = openSqliteStore({ path: settings.dbPath, secretKey, clock });
    cleanup.push(() => store.close());

    const metrics = createMetrics();
    const runtimes = new Map<string, TenantRuntime>();
    const webhooks = new Map<string, WebhookConnector>();
    const health = async (): Promise<HealthReport> => {
      const tenants = [...runtimes.values()].map((r) => ({ tenantId: r.tenantId, parts: r.health() }));
      const degraded = tenants.some((t) => Object.values(t.parts).some((p) => p.status === 'down' || p.status === 'degraded'));
      return { status: degraded ? 'degraded' : 'ok', mode: settings.mode, tenants };
    };
    const server: Server = createServer(
      {
        health,
        metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
        async lineStateWebhook(tenantId, rawBody, headers) {
          const connector = webhooks.get(tenantId);
          if (!connector) return { status: 404, body: { error: 'unknownTenant', message: `No webhook connector is configured for tenant ${tenantId}. Fix: check the tenant id in the PBX's webhook URL.` } };
          return connector.handleLineStateWebhook({ rawBody, headers });
        },
      },
      logger,
    );
    const url = await listen(server, settings.port, settings.host);
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

    // Who the tenant is and how to reach Microsoft and the PBX.
    let demo: DemoEnvironment | undefined;
    let app: TenantAppCredentials;
    let graphSettings = { authorityHost: settings.authorityHost, graphBaseUrl: settings.graphBaseUrl, budgetPer30s: settings.graph.budgetPer30s };
    let extraCaPem = settings.tlsCaPem;
    let connector: PbxConnector;
    if (settings.mode === 'demo') {
      const previous = (await store.tenants.list()).find((t) => t.mode === 'demo');
      const previousSecret = previous && (await store.secrets.get(previous.tenantId, 'clientSecret'));
      demo = await startDemoEnvironment({
        users: settings.demo.users,
        changesPerMinute: settings.demo.changesPerMinute,
        lineStateWebhookUrl: (tenantId) => `${url}/api/pbx/${tenantId}/line-state`,
        tenantId: previous?.tenantId,
        clientSecret: previousSecret,
        seed: options.demo?.seed,
        graphLatencyMs: options.demo?.graphLatencyMs,
      });
      cleanup.push(() => demo!.close());
      const c = demo.credentials;
      app = { tenantId: c.tenantId, clientId: c.clientId, secret: c.clientSecret };
      graphSettings = { ...graphSettings, authorityHost: demo.graph.url, graphBaseUrl: demo.graph.url };
      extraCaPem = demo.graph.caCertPem;
      const webhook = createWebhookConnector({ routingUrl: demo.pbx.routingUrl, usersUrl: demo.pbx.usersUrl, secret: demo.pbxSecret }, { logger });
      webhooks.set(c.tenantId, webhook);
      connector = webhook;
      await store.tenants.upsert({
        tenantId: c.tenantId,
        displayName: 'Contoso (demo)',
        mode: 'demo',
        clientId: c.clientId,
        settings: { [DEMO_TENANT_SETTING]: true, authorityHost: demo.graph.url, graphBaseUrl: demo.graph.url, connector: 'webhook' },
        createdAt: previous?.createdAt ?? clock.now(),
        updatedAt: clock.now(),
      });
      await store.secrets.put(c.tenantId, 'clientSecret', c.clientSecret);
      await store.secrets.put(c.tenantId, 'pbxSecret', demo.pbxSecret);
    } else {
      const t = settings.tenant!;
      app = { tenantId: t.tenantId, clientId: t.clientId, secret: t.secret, certificate: t.certificate };
      connector = createConnector(t.tenantId, settings.pbx, logger);
      if (connector.kind === 'webhook') webhooks.set(t.tenantId, connector as WebhookConnector);
      const existing = await store.tenants.get(t.tenantId);
      await store.tenants.upsert({
        tenantId: t.tenantId,
        displayName: existing?.displayName ?? t.tenantId,
        mode: 'app',
        clientId: t.clientId,
        settings: { authorityHost: settings.authorityHost, graphBaseUrl: settings.graphBaseUrl, connector: settings.pbx.connector, pbxUrl: settings.pbx.url },
        createdAt: existing?.createdAt ?? clock.now(),
        updatedAt: clock.now(),
      });
      if (t.secret) await store.secrets.put(t.tenantId, 'clientSecret', t.secret);
      if (settings.pbx.secret) await store.secrets.put(t.tenantId, 'pbxSecret', settings.pbx.secret);
    }

    const transport = createTransport({ extraCaPem });
    cleanup.push(() => transport.close());
    const connections = new TenantConnections();
    const connection = connectTenant(app, graphSettings, { transport, clock });
    connections.set(connection);

    const presenceWriter = new PresenceWriter({ tenant: (id) => connections.get(id), scheduler, clock, sleep: realSleep, share: settings.graph.writeShare });
    cleanup.push(() => presenceWriter.stop());

    const policies = await createPolicyBook(store.policies, { preset: settings.preset, debounceMs: settings.debounceMs }, logger);
    await policies.load(app.tenantId);

    const traceWriter = createTraceWriter(store.trace, logger, {
      onRecord: (entry) => {
        metrics.decisions.inc({ tenant: entry.tenantId, direction: entry.direction, outcome: entry.outcome });
        options.onDecision?.(entry);
      },
    });
    cleanup.push(() => traceWriter.stop());

    const engine = createSyncEngine({
      clock,
      scheduler,
      policyFor: (tenantId) => policies.get(tenantId),
      repository: store.syncStates,
      routing: {
        async setRouting(action) {
          const runtime = runtimes.get(action.tenantId);
          if (!runtime) return { ok: false, detail: 'tenant not running' };
          try {
            await runtime.connector.applyRouting(action.extension, action.state);
            return { ok: true, detail: `${runtime.connector.kind}: ${action.extension} set to ${action.state}` };
          } catch (err) {
            return { ok: false, detail: `${runtime.connector.kind}: ${(err as Error).message}` };
          }
        },
      },
      teams: presenceWriter,
      trace: traceWriter,
      onOutcome: (info) => {
        metrics.writes.inc({ tenant: info.tenantId, side: info.direction === 'teamsToPbx' ? 'pbx' : 'teams', ok: String(info.ok) });
        if (info.ok) metrics.observeLatency(info.tenantId, info.direction, info.latencyMs / 1000);
      },
    });
    cleanup.push(() => engine.stop());

    const runtime = createTenantRuntime({
      tenantId: app.tenantId,
      connection,
      connector,
      engine,
      store,
      clock,
      scheduler,
      logger,
      metrics,
      poll: { share: settings.graph.pollShare, minPeriodMs: settings.graph.pollMinPeriodMs },
      directory: { strategies: settings.directory.strategies, maxDropShare: settings.directory.maxDropShare },
      onAlert: (alert) => logger.warn({ alert }, alert.message),
    });
    runtimes.set(app.tenantId, runtime);
    cleanup.push(() => runtime.stop());
    await runtime.start();

    const directory = createDirectoryRefreshDriver({
      refresh: (tenantId, o) => runtimes.get(tenantId)!.refresh(o),
      tenants: () => [...runtimes.keys()],
      scheduler,
      intervalMs: settings.directory.refreshMinutes * 60_000,
      onError: (err, tenantId) => logger.error({ tenantId, err: (err as Error).message }, 'directory refresh failed'),
    });
    cleanup.push(() => directory.stop());
    directory.start({ runNow: true });

    return {
      url,
      settings,
      store,
      engine,
      metrics,
      runtimes,
      directory,
      presenceWriter,
      demo,
      health,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
