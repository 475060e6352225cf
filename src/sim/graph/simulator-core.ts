/**
 * The simulator without its network: tenants, token service, Entra and Graph routes (the /_sim control routes
 * drive it from outside: control-routes.ts, wired in index.ts).
 * `dispatch` turns one SimRequest into a SimResponse plus how long to hold it (latency, slow-answer fault).
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryUser } from './directory-user';
import type { Clock } from '../sim-clock';
import { type AppRegistration, GRAPH_APPLICATION_PERMISSIONS, registerCertificate } from './app-registration';
import { createBatchRoute } from './batch-route';
import { directoryRoutes } from './directory-routes';
import { membershipRoutes } from './membership-routes';
import { seededRandom } from '../seeded-random';
import { GraphRouter } from './graph-router';
import { matchEntraRoute } from './entra-routes';
import { presenceRoutes } from './presence-routes';
import { servicePrincipalRoutes } from './service-principal-routes';
import { createSequenceSource } from './sequence-source';
import { jsonResponse, type SimRequest, type SimResponse } from './sim-http';
import { SimTenant } from './sim-tenant';
import { type SigningKey, createSigningKey } from './signing-key';
import { TenantControls, newSecret } from './tenant-controls';
import { TenantDirectory } from './tenant-directory';
import { TokenService } from './token-service';

export interface TenantSpec {
  tenantId?: string;
  /** e.g. contoso.onmicrosoft.com; the authority path accepts it as well as the id. */
  domain?: string;
  clientId?: string;
  clientSecret?: string;
  /** Simulator time at which the secret expires (7000222 after). */
  secretExpiresAt?: number;
  /** Public certificate(s) registered on the app for client-assertion sign-in. */
  clientCertificatePem?: string | string[];
  /** Consented application permissions; default: all the product needs plus the optional Application.Read.All (GRAPH_APPLICATION_PERMISSIONS). */
  permissions?: string[];
  /** Admin consent given; default true (false: 65001 at the token endpoint). */
  consented?: boolean;
  users?: DirectoryUser[];
  /** Presence requests per 30 s per app; default: the simulator's setting (1500). */
  presenceRequestsPer30s?: number;
  /** Access tokens are opaque strings, not JWTs (default false). */
  opaqueAccessTokens?: boolean;
}

export interface TenantCredentials {
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  /** https://localhost:PORT/<tenantId>: msal-node's `authority`. */
  authority: string;
  /** localhost:PORT: msal-node's `knownAuthorities` entry. */
  knownAuthority: string;
  /** https://localhost:PORT: the Graph base URL (append /v1.0 or /beta). */
  graphBaseUrl: string;
}

export interface SimulatorCoreOptions {
  clock: Clock;
  latencyMs: number;
  presenceRequestsPer30s: number;
  seed: number;
  origin: () => string;
}

export class SimulatorCore {
  readonly tenants = new TenantDirectory();
  private readonly controls = new Map<string, TenantControls>();
  private readonly key: SigningKey = createSigningKey();
  private readonly sequence = createSequenceSource();
  private readonly tokens: TokenService;
  private readonly graph: GraphRouter;

  constructor(readonly options: SimulatorCoreOptions) {
    this.tokens = new TokenService(this.tenants, this.key, options.clock, options.origin);
    const routes = [...presenceRoutes, ...directoryRoutes, ...membershipRoutes, ...servicePrincipalRoutes];
    this.graph = new GraphRouter({
      routes,
      tokens: this.tokens,
      now: () => options.clock.now(),
      origin: options.origin,
      random: seededRandom(options.seed),
    });
    routes.push(createBatchRoute((req, claims) => this.graph.run(req, claims)));
  }

  addTenant(spec: TenantSpec = {}): TenantCredentials {
    const tenantId = (spec.tenantId ?? randomUUID()).toLowerCase();
    const domain = spec.domain ?? `tenant-${tenantId.slice(0, 8)}.onmicrosoft.com`;
    const tenant = new SimTenant(
      tenantId,
      domain,
      this.options.clock,
      this.sequence,
      spec.presenceRequestsPer30s ?? this.options.presenceRequestsPer30s,
    );
    tenant.opaqueAccessTokens = spec.opaqueAccessTokens ?? false;
    const pems = spec.clientCertificatePem === undefined ? [] : [spec.clientCertificatePem].flat();
    const app: AppRegistration = {
      clientId: spec.clientId ?? randomUUID(),
      clientSecret: spec.clientSecret ?? newSecret(),
      secretState: 'valid',
      secretExpiresAt: spec.secretExpiresAt,
      certificates: pems.map(registerCertificate),
      grantedPermissions: new Set(spec.permissions ?? GRAPH_APPLICATION_PERMISSIONS),
      consented: spec.consented ?? true,
      deleted: false,
    };
    tenant.apps.set(app.clientId, app);
    this.tenants.add(tenant);
    const controls = new TenantControls(tenant);
    this.controls.set(tenantId, controls);
    if (spec.users) controls.addUsers(spec.users);
    return this.credentials(tenant, app);
  }

  tenant(tenantId: string): TenantControls {
    const controls = this.controls.get(this.tenants.get(tenantId).tenantId);
    return controls!;
  }

  credentialsOf(tenantId: string): TenantCredentials {
    const tenant = this.tenants.get(tenantId);
    return this.credentials(tenant, tenant.apps.values().next().value!);
  }

  tenantIds(): string[] {
    return this.tenants.all().map((t) => t.tenantId);
  }

  stopScripts(): void {
    for (const controls of this.controls.values()) controls.stopScripts();
  }

  /** `drop`: cut the connection without an answer (a sign-in host that cannot be reached). */
  dispatch(req: SimRequest): { response: SimResponse; delayMs: number; drop?: boolean } {
    const latency = this.options.latencyMs;
    if (GraphRouter.isGraphPath(req.path)) {
      const { response, tenant } = this.graph.handle(req);
      return { response, delayMs: latency + (tenant?.faults.slowMs ?? 0) };
    }
    const entra = matchEntraRoute(req, {
      tenants: this.tenants,
      tokens: this.tokens,
      key: this.key,
      clock: this.options.clock,
      origin: this.options.origin,
    });
    if (entra) {
      const tenant = entra.tenantRef ? this.tenants.find(entra.tenantRef) : undefined;
      if (tenant?.faults.entraUnreachable) return { response: { status: 0, headers: {} }, delayMs: 0, drop: true };
      const response = entra.handle();
      tenant?.stats.record({ at: this.options.clock.now(), endpoint: entra.endpoint, status: response.status, clientId: clientIdOf(req) });
      return { response, delayMs: latency };
    }
    return {
      response: jsonResponse(404, { error: { code: 'NotFound', message: `Nothing is served at ${req.method} ${req.path}.` } }),
      delayMs: latency,
    };
  }

  private credentials(tenant: SimTenant, app: AppRegistration): TenantCredentials {
    const origin = this.options.origin();
    return {
      tenantId: tenant.tenantId,
      domain: tenant.domain,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: `${origin}/${tenant.tenantId}`,
      knownAuthority: new URL(origin).host,
      graphBaseUrl: origin,
    };
  }
}

function clientIdOf(req: SimRequest): string | undefined {
  return req.method === 'POST' ? (new URLSearchParams(req.body).get('client_id') ?? undefined) : undefined;
}
