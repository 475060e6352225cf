/**
 * Composition root, wiring only: settings -> store -> the middle floor (src/service: the tenants between the two
 * writers, and the admin service) -> HTTP server (+ bot). Demo mode puts the simulators where Microsoft and the
 * PBX would be, and changes nothing else.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'restify';
import { createRemoteJWKSet } from 'jose';
import {
  createLocalTokenIssuer,
  createSsoValidator,
  ENTRA_JWKS_URL,
  registerAdminRoutes,
  registerDemoTokenRoute,
  registerTabRoutes,
} from './admin';
import type { Settings } from './config';
import type { DemoWorld } from './demo-world';
import { createPresenceWriter, createTransport, type PresenceWriter, TenantConnections } from './graph';
import { realClock, realScheduler, realSleep } from './time/real-time';
import { createDirectoryRefreshDriver, type DirectoryAlert, type DirectoryRefreshDriver } from './identity';
import { createLogger, type Logger } from './logger';
import { createMetrics, type ServiceMetrics } from './metrics';
import type { PbxConnector } from './pbx/connector';
import { webhookConnectorOf } from './pbx/webhook';
import { recordConfiguredTenant } from './service/tenants/configured-tenant';
import { LatencyHistory } from './service/latency-history';
import { RecentErrors } from './service/recent-errors';
import type { AdminService } from './service/admin/admin-service';
import { createTenantAdmin } from './service/admin/tenant-admin';
import { startAuditRetention } from './service/admin/audit-retention';
import { TenantManager } from './service/tenants/tenant-manager';
import { createTenantsEngine } from './service/tenants/tenants-engine';
import { createPolicyBook } from './service/tenants/policy-book';
import type { TenantRuntime } from './service/tenants/tenant-runtime';
import { createTraceWriter } from './service/tenants/trace-writer';
import { answerUnavailableUntilReady } from './not-ready-answer';
import { createServer, listen, type HealthReport } from './server';
import { storeSecretKey } from './store/store-secret-key';
import { isLoopbackAddress } from './http/local-caller';
import { PROJECT_ROOT } from './project-root';
import { openStore } from './store/open-store';
import { LeaseKeeper } from './service/leases/lease-keeper';
import { replicaIdentity } from './service/leases/replica-identity';
import { forwardToOwningReplica } from './http/replica-forwarding';
import { TenantStartError } from './service/tenants/tenant-manager';
import type { Store } from './store/store';
import type { SyncEngine } from './sync/engine';
import type { Clock, Scheduler } from './time/clock';
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
  /** The HTTP server (its route table is what the HTTP fuzz test covers). */
  server: Server;
  settings: Readonly<Settings>;
  store: Store;
  engine: SyncEngine;
  metrics: ServiceMetrics;
  tenants: TenantManager;
  /** Replicas sharing PostgreSQL: this replica's tenant leases (undefined on SQLite: one process runs every tenant). */
  leases?: LeaseKeeper;
  admin: AdminService;
  runtimes: ReadonlyMap<string, TenantRuntime>;
  directory: DirectoryRefreshDriver;
  presenceWriter: PresenceWriter;
  demo?: DemoWorld;
  health(): Promise<HealthReport>;
  stop(): Promise<void>;
}

export async function startService(settings: Readonly<Settings>, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  const clock = options.clock ?? realClock;
  const scheduler = options.scheduler ?? realScheduler;
  const cleanup: Array<() => Promise<void> | void> = [];
  let stopping: Promise<void> | undefined;
  // Ready (/readyz 200) once the tenants run and every route is registered; no longer once stopping.
  let ready = false;
  // Once only: a lost replica lease stops the service, and its owner may call stop() again afterwards.
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      ready = false;
      for (const step of cleanup.reverse()) await step();
    })());

  try {
    if (settings.dbPath !== ':memory:') mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
    // Demo mode keeps its key in the data directory; a real tenant's comes from PB_SECRET_KEY (config insists).
    const secretKey = await storeSecretKey(settings);
    const store = await openStore(settings, secretKey, clock);
    cleanup.push(() => store.close());

    const metrics = createMetrics();
    // The running tenants' PBX connectors (the TenantManager fills it): the routing writer and the webhook route find them here.
    const connectors = new Map<string, PbxConnector>();
    let runtimesOf: () => TenantRuntime[] = () => [];
    let keeper: LeaseKeeper | undefined;
    const health = async (): Promise<HealthReport> => {
      if (!ready)
        return {
          status: 'starting',
          detail: stopping ? 'stopping' : 'the tenants and routes are not ready yet',
          mode: settings.mode,
          tenants: [],
        };
      const tenants = runtimesOf().map((r) => ({ tenantId: r.tenantId, parts: r.health() }));
      const degraded = tenants.some((t) => Object.values(t.parts).some((p) => p.status === 'down' || p.status === 'degraded'));
      const replica = keeper && { id: keeper.replicaId, liveReplicas: keeper.liveReplicas().length };
      return { status: degraded ? 'degraded' : 'ok', mode: settings.mode, ...(replica && { replica }), tenants };
    };
    const server: Server = createServer(
      {
        health,
        metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
        async lineStateWebhook(tenantId, rawBody, headers) {
          if (!ready)
            return {
              status: 503,
              body: {
                error: 'starting',
                message: 'This replica is starting and does not run the tenants yet. Fix: none; send the event again in a few seconds.',
              },
            };
          const connector = webhookConnectorOf(connectors.get(tenantId));
          if (!connector && keeper?.knows(tenantId))
            return {
              status: 503,
              body: {
                error: 'tenantMoving',
                message: `Tenant ${tenantId} is moving between replicas and runs nowhere for a moment. Fix: none; send the event again in a few seconds.`,
              },
            };
          if (!connector)
            return {
              status: 404,
              body: {
                error: 'unknownTenant',
                message: `No webhook connector is configured for tenant ${tenantId}. Fix: check the tenant id in the PBX's webhook URL.`,
              },
            };
          return connector.handleLineStateWebhook({ rawBody, headers });
        },
      },
      logger,
      { timeouts: settings.http },
    );
    answerUnavailableUntilReady(server, () => ready);
    const url = await listen(server, settings.port, settings.host);
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    // config refuses a non-loopback HOST in demo mode; this catches a host name that resolved elsewhere.
    if (settings.mode === 'demo' && !isLoopbackAddress(server.address().address))
      throw new Error(`Demo mode listens on this machine only, but ${settings.host} is ${server.address().address}. Fix: remove HOST.`);

    // Replicas sharing one PostgreSQL database spread the tenants over themselves (a lease per tenant); a
    // request for a tenant another replica runs is relayed to it. Started once the tenants can be run (below).
    const identity = store.leases ? replicaIdentity(settings, server.address().port, secretKey) : undefined;
    const relayParsed = identity
      ? forwardToOwningReplica(server, {
          secret: identity.secret,
          logger,
          ownerUrl: (tenantId) => {
            const holder = keeper?.holderOf(tenantId);
            return holder && holder.replicaId !== identity.replicaId ? holder.internalUrl : undefined;
          },
        })
      : undefined;

    // Demo mode: the simulators stand where Microsoft and the PBX would be, reached through the same settings.
    // Loaded here and only here, so that a production start never loads them.
    let demo: DemoWorld | undefined;
    if (settings.mode === 'demo') {
      const { startDemo } = await import('./demo/demo-tenant');
      demo = await startDemo(settings, store, url, clock, options.demo);
      cleanup.push(() => demo!.close());
    } else {
      await recordConfiguredTenant(settings, store, clock);
    }

    const transport = createTransport({ extraCaPem: demo?.graph.caCertPem ?? settings.tlsCaPem });
    cleanup.push(() => transport.close());
    // The running tenants' Graph connections, where the presence writer finds them (the connectors are above).
    const connections = new TenantConnections();

    const presenceWriter = createPresenceWriter(connections, {
      scheduler,
      clock,
      sleep: realSleep,
      share: settings.graph.writeShare,
      fencingToken: store.leases ? (tenantId) => keeper?.tokenOf(tenantId) : undefined,
    });
    cleanup.push(() => presenceWriter.stop());

    const policies = await createPolicyBook(store.policies, { preset: settings.preset, debounceMs: settings.debounceMs }, logger);
    const latency = new LatencyHistory();
    const errors = new RecentErrors();

    const traceWriter = createTraceWriter(store.trace, logger, {
      onRecord: (entry) => {
        metrics.decisions.inc({ tenant: entry.tenantId, direction: entry.direction, outcome: entry.outcome });
        options.onDecision?.(entry);
      },
    });
    cleanup.push(() => traceWriter.stop());

    // The alert engine comes last (it asks the admin service); directory alerts raised before it exists wait in the log.
    let raiseAlert: (alert: DirectoryAlert) => void = () => undefined;
    const engine = createTenantsEngine({
      clock,
      scheduler,
      policies,
      repository: store.syncStates,
      connectors,
      teams: presenceWriter,
      trace: traceWriter,
      metrics,
      latency,
      errors,
      fencingToken: store.leases ? (tenantId) => keeper?.tokenOf(tenantId) : undefined,
    });
    cleanup.push(() => engine.stop());

    const manager = new TenantManager({
      settings,
      store,
      engine,
      policies,
      transport,
      connections,
      connectors,
      clock,
      scheduler,
      logger,
      metrics,
      errors,
      ownApp: demo
        ? { clientId: demo.credentials.clientId, secret: demo.credentials.clientSecret }
        : settings.tenant && {
            clientId: settings.tenant.clientId,
            secret: settings.tenant.secret,
            certificate: settings.tenant.certificate,
          },
      onAlert: (alert) => {
        logger.warn({ alert }, alert.message);
        raiseAlert(alert);
      },
      leaseGate: identity
        ? async (tenantId) => {
            if (await keeper!.claimNow(tenantId)) return;
            const holder = keeper!.holderOf(tenantId)?.replicaId ?? 'another replica';
            throw new TenantStartError(tenantId, `it runs on replica ${holder}.`, 'none: that replica runs it; changes reach it there.');
          }
        : undefined,
    });
    cleanup.push(() => manager.stopAll());
    // A tenant this replica takes on (its first start, a take-over) refreshes its directory once the driver exists.
    const startedEarly = new Set<string>();
    let refreshStarted: (tenantId: string) => void = (tenantId) => void startedEarly.add(tenantId);
    if (store.leases && identity) {
      keeper = new LeaseKeeper({
        leases: store.leases,
        tenants: {
          get: (tenantId) => manager.get(tenantId),
          stop: (tenantId) => manager.release(tenantId),
          start: async (tenantId) => {
            await manager.start(tenantId);
            refreshStarted(tenantId);
          },
        },
        replicaId: identity.replicaId,
        internalUrl: identity.internalUrl,
        leaseMs: settings.replicas.leaseMs,
        renewMs: settings.replicas.renewMs,
        logger,
      });
      const running = keeper;
      cleanup.push(() => running.stop()); // runs before manager.stopAll: gives the leases up once the tenants stopped
      logger.info({ replicaId: identity.replicaId, internalUrl: identity.internalUrl }, 'This replica runs its share of the tenants.');
      await keeper.start();
    } else {
      await manager.startAll();
    }
    runtimesOf = () => manager.list();

    const directory = createDirectoryRefreshDriver({
      refresh: (tenantId, o) => {
        const runtime = manager.get(tenantId);
        if (!runtime) throw new Error(`tenant ${tenantId} is not running`);
        return runtime.refresh(o);
      },
      tenants: () => manager.ids(),
      scheduler,
      intervalMs: settings.directory.refreshMinutes * 60_000,
      onError: (err, tenantId) => logger.error({ tenantId, err: (err as Error).message }, 'directory refresh failed'),
    });
    cleanup.push(() => directory.stop());
    directory.start({ runNow: true });
    refreshStarted = (tenantId) =>
      void directory.refreshNow(tenantId).catch((err: Error) => logger.error({ tenantId, err: err.message }, 'directory refresh failed'));
    // The first round's tenants were refreshed by start({ runNow }) above; any that started since, now.
    for (const tenantId of startedEarly) if (manager.get(tenantId)) refreshStarted(tenantId);

    const admin = createTenantAdmin({
      settings,
      store,
      tenants: manager,
      engine,
      policies,
      directory,
      latency,
      errors,
      clock,
      ownClientId: demo?.credentials.clientId ?? settings.tenant?.clientId,
      consentAuthorityHost: demo?.graph.url ?? settings.authorityHost,
      replicaOf: keeper ? (tenantId) => keeper?.holderOf(tenantId)?.replicaId : undefined,
    });

    const auditRetention = startAuditRetention({
      audit: store.audit,
      clock,
      scheduler,
      retentionDays: settings.audit.retentionDays,
      onPruned: (removed) =>
        logger.info({ removed, retentionDays: settings.audit.retentionDays }, 'audit log entries past retention removed'),
      onError: (err) => logger.error({ err: (err as Error).message }, 'audit log prune failed'),
    });
    cleanup.push(() => auditRetention.stop());

    // The admin tab's API: Teams SSO tokens (demo mode: tokens from a local issuer, same validation code).
    const demoIssuer = demo ? await createLocalTokenIssuer({ clientId: demo.credentials.clientId }) : undefined;
    const auth = createSsoValidator({
      clientId: demo?.credentials.clientId ?? settings.tenant?.clientId ?? '',
      appIdUri: settings.ssoAppIdUri,
      keys: demoIssuer?.keys ?? createRemoteJWKSet(new URL(ENTRA_JWKS_URL)),
      adminGroupId: settings.adminGroupId,
      tenantServed: (tenantId) =>
        manager.byId.has(tenantId) || keeper?.knows(tenantId) === true || (settings.mode === 'tenant' && settings.allowNewTenants),
    });
    registerAdminRoutes(server, { admin, auth, logger, clock });
    registerTabRoutes(server, { distDir: join(PROJECT_ROOT, 'tab', 'dist') });
    if (demoIssuer) registerDemoTokenRoute(server, { issuer: demoIssuer, tenantId: () => demo!.credentials.tenantId, logger });

    // The admin bot: always in demo mode (loopback only); a real deployment needs its bot registration.
    if (settings.mode === 'demo' || settings.bot.appId) {
      const { startAdminBot } = await import('./service/admin/admin-bot');
      const bot = startAdminBot({ server, settings, admin, store, connections, logger, clock, scheduler, relay: relayParsed });
      cleanup.push(() => bot.stop());
      raiseAlert = bot.raise;
    } else {
      logger.info('The admin bot is off: set PB_BOT_APP_ID and PB_BOT_APP_PASSWORD to turn it on.');
    }

    ready = true;
    return {
      url,
      server,
      settings,
      store,
      engine,
      metrics,
      tenants: manager,
      leases: keeper,
      runtimes: manager.byId,
      admin,
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
