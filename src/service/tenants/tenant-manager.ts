/**
 * The tenants this deployment serves, each built from its stored record and secrets: started at boot,
 * added when an admin completes Setup, restarted when an admin changes it. One tenant failing to start
 * (a revoked consent, a wrong secret) never stops the others: it is recorded and shown to its admin.
 */
import type { Settings } from '../../config';
import { connectTenant, type TenantAppCredentials, type TenantConnections, type Transport } from '../../graph';
import type { DirectoryAlert } from '../../identity';
import type { Logger } from '../../logger';
import type { ServiceMetrics } from '../../metrics';
import type { PbxConnector } from '../../pbx/connector';
import { createConnector } from '../../pbx/create-connector';
import { outboundPolicyFor } from '../../pbx/outbound-address-policy';
import { createOutboundGuard, type OutboundGuard } from '../../pbx/outbound-guard';
import type { Store } from '../../store/store';
import type { SyncEngine } from '../../sync/engine';
import type { Clock, Scheduler } from '../../time/clock';
import type { PolicyBook } from './policy-book';
import { toAdminError, type RecentErrors } from '../recent-errors';
import { createTenantRuntime, type TenantRuntime } from './tenant-runtime';
import { replayLedgerOf } from './replay-ledger';
import { readTenantSettings, SECRET_NAMES, type TenantSettings } from './tenant-settings';
import { addedAppCredentials } from './added-app-credentials';
import { CodedError, isCodedError, type CodedErrorOptions } from '../../coded-error';

export interface TenantManagerDeps {
  settings: Readonly<Settings>;
  store: Store;
  engine: SyncEngine;
  policies: PolicyBook;
  transport: Transport;
  connections: TenantConnections;
  /** The running tenants' PBX connectors by tenant id, where the routing writer finds them. */
  connectors: Pick<Map<string, PbxConnector>, 'set' | 'delete'>;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  metrics: ServiceMetrics;
  errors: RecentErrors;
  /** The service's own (multi-tenant) app registration, used for tenants that consented to it. */
  ownApp?: { clientId: string; secret?: string; certificate?: { certPem: string; keyPem: string } };
  onAlert(alert: DirectoryAlert): void;
  /**
   * Replicas sharing PostgreSQL: resolves when this replica holds the tenant's lease (taking it if it is free),
   * throws a TenantStartError when another replica runs the tenant. Absent: this process runs every tenant.
   */
  leaseGate?(tenantId: string): Promise<void>;
}

export class TenantStartError extends CodedError {
  readonly code = 'tenantStartFailed';
  constructor(tenantId: string, reason: string, fix: string, options?: CodedErrorOptions) {
    super(`Sync for tenant ${tenantId} could not start: ${reason}`, fix, options);
  }

  /** A start that failed on another error: its fix is that error's, when it has one. */
  static wrapping(tenantId: string, err: unknown): TenantStartError {
    const fix = isCodedError(err)
      ? err.fix
      : 'the service log has the cause; correct what it names (Setup, the PBX or the network), then start the tenant again.';
    return new TenantStartError(tenantId, (err as Error).message, fix, { cause: err });
  }
}

export class TenantManager {
  private readonly runtimes = new Map<string, TenantRuntime>();
  /** For the connectors of addresses a tenant admin entered in Setup. */
  private readonly outbound: OutboundGuard;

  constructor(private readonly d: TenantManagerDeps) {
    this.outbound = createOutboundGuard(outboundPolicyFor(d.settings));
  }

  /** The running tenants by id (a live view). */
  get byId(): ReadonlyMap<string, TenantRuntime> {
    return this.runtimes;
  }

  get(tenantId: string): TenantRuntime | undefined {
    return this.runtimes.get(tenantId);
  }

  ids(): string[] {
    return [...this.runtimes.keys()];
  }

  list(): TenantRuntime[] {
    return [...this.runtimes.values()];
  }

  /** The inbound line-state route of a tenant whose connector is the webhook one. */
  async startAll(): Promise<void> {
    for (const record of await this.d.store.tenants.list()) {
      try {
        await this.start(record.tenantId);
      } catch (err) {
        this.d.logger.error({ tenantId: record.tenantId, err: (err as Error).message }, 'tenant not started');
      }
    }
  }

  async start(tenantId: string): Promise<TenantRuntime> {
    if (this.runtimes.has(tenantId)) return this.runtimes.get(tenantId)!;
    const d = this.d;
    try {
      await d.leaseGate?.(tenantId);
      const record = await d.store.tenants.get(tenantId);
      if (!record)
        throw new TenantStartError(
          tenantId,
          'it is not set up.',
          'open the PresenceBridge tab as an admin of the tenant and complete Setup.',
        );
      const settings = readTenantSettings(tenantId, record.settings);
      const app = await this.appCredentials(tenantId, record.clientId, settings);
      const connection = connectTenant(
        app,
        { authorityHost: settings.authorityHost, graphBaseUrl: settings.graphBaseUrl, budgetPer30s: d.settings.graph.budgetPer30s },
        { transport: d.transport, clock: d.clock },
        await addedAppCredentials(d.store, tenantId),
      );
      const secret = (name: string) => d.store.secrets.get(tenantId, name);
      let previousPbxSecret = await secret(SECRET_NAMES.pbxSecretPrevious);
      if (previousPbxSecret && settings.pbxSecretPreviousUntil !== undefined && d.clock.now() >= settings.pbxSecretPreviousUntil) {
        await d.store.secrets.delete(tenantId, SECRET_NAMES.pbxSecretPrevious); // its rotation window is over
        previousPbxSecret = undefined;
      }
      const connector = createConnector(
        tenantId,
        {
          connector: settings.connector.kind,
          url: settings.connector.url,
          usersUrl: settings.connector.usersUrl,
          username: settings.connector.username,
          secret: await secret(SECRET_NAMES.pbxSecret),
          previousSecret: previousPbxSecret ? { secret: previousPbxSecret, until: settings.pbxSecretPreviousUntil } : undefined,
          password: await secret(SECRET_NAMES.pbxPassword),
        },
        d.logger,
        { replays: replayLedgerOf(d.store, tenantId), outbound: settings.connector.setBy === 'operator' ? undefined : this.outbound },
      );
      await d.policies.load(tenantId);
      const runtime = createTenantRuntime({
        tenantId,
        connection,
        connector,
        engine: d.engine,
        store: d.store,
        clock: d.clock,
        scheduler: d.scheduler,
        logger: d.logger,
        metrics: d.metrics,
        poll: { share: d.settings.graph.pollShare, minPeriodMs: d.settings.graph.pollMinPeriodMs },
        directory: { strategies: d.settings.directory.strategies, maxDropShare: d.settings.directory.maxDropShare },
        onAlert: d.onAlert,
        onError: (part, err) => d.errors.add(tenantId, toAdminError(part, err, d.clock.now())),
      });
      d.connections.set(connection);
      this.runtimes.set(tenantId, runtime);
      d.connectors.set(tenantId, connector);
      await runtime.start();
      return runtime;
    } catch (err) {
      d.errors.add(tenantId, toAdminError('setup', err, d.clock.now()));
      throw err instanceof TenantStartError ? err : TenantStartError.wrapping(tenantId, err);
    }
  }

  async stop(tenantId: string): Promise<void> {
    const runtime = this.runtimes.get(tenantId);
    if (!runtime) return;
    this.runtimes.delete(tenantId);
    this.d.connectors.delete(tenantId);
    this.d.connections.delete(tenantId);
    await runtime.stop();
  }

  /**
   * The tenant leaves this replica (its lease lapsed or was given up): stop it, and let the shared engine forget
   * its users, so nothing queued here for it runs (or is saved) while another replica runs it. `stop` alone keeps
   * them: a restart on this replica goes on with its queued writes.
   */
  async release(tenantId: string): Promise<void> {
    await this.stop(tenantId);
    this.d.engine.release(tenantId);
  }

  async restart(tenantId: string): Promise<TenantRuntime> {
    await this.stop(tenantId);
    return this.start(tenantId);
  }

  async stopAll(): Promise<void> {
    for (const id of this.ids()) await this.stop(id);
    await this.outbound.close();
  }

  private async appCredentials(tenantId: string, clientId: string | undefined, settings: TenantSettings): Promise<TenantAppCredentials> {
    if (settings.appKind === 'multiTenant') {
      const own = this.d.ownApp;
      if (!own)
        throw new TenantStartError(
          tenantId,
          'it uses the PresenceBridge multi-tenant app, but this deployment has no app credentials.',
          'set PB_CLIENT_ID and PB_CLIENT_SECRET (or a certificate) for the service.',
          { fixInMessage: ' Fix: ' },
        );
      return { tenantId, clientId: own.clientId, secret: own.secret, certificate: own.certificate };
    }
    if (!clientId)
      throw new TenantStartError(tenantId, 'no client id is set.', "enter the app registration's Application (client) ID in Setup.", {
        fixInMessage: ' Fix: ',
      });
    const secret = await this.d.store.secrets.get(tenantId, SECRET_NAMES.clientSecret);
    const keyPem = await this.d.store.secrets.get(tenantId, SECRET_NAMES.privateKeyPem);
    const certificate = settings.certificatePem && keyPem ? { certPem: settings.certificatePem, keyPem } : undefined;
    if (!secret && !certificate)
      throw new TenantStartError(tenantId, 'no client secret or certificate is set.', 'enter one in Setup.', { fixInMessage: ' Fix: ' });
    return { tenantId, clientId, secret: certificate ? undefined : secret, certificate };
  }
}
