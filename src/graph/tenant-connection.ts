/**
 * Everything one tenant needs to talk to Microsoft, built from settings: its token provider and its Graph
 * client (which owns the tenant's request budget). main.ts builds one per tenant and keeps them in a
 * TenantConnections registry that the poller, writer and directory refresh look tenants up in.
 */
import type { Clock } from '../time/clock';
import { TenantGraphClient } from './graph-client';
import { realClock, realSleep, type Sleep } from '../time/real-time';
import { MsalTokenProvider, type ClientCredential } from './token-provider';
import type { Transport } from './transport';

export interface GraphConnectionSettings {
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com */
  graphBaseUrl: string;
  /** Requests per 30 s for the tenant (Graph's presence limit is 1500). */
  budgetPer30s: number;
  requestTimeoutMs?: number;
}

export interface TenantAppCredentials {
  tenantId: string;
  clientId: string;
  secret?: string;
  certificate?: { certPem: string; keyPem: string };
}

export interface TenantConnection {
  tenantId: string;
  clientId: string;
  tokens: MsalTokenProvider;
  client: TenantGraphClient;
}

export function credentialOf(app: TenantAppCredentials): ClientCredential {
  if (app.certificate) return { kind: 'certificate', certPem: app.certificate.certPem, keyPem: app.certificate.keyPem };
  if (app.secret) return { kind: 'secret', secret: app.secret };
  throw new Error(
    `Tenant ${app.tenantId} has neither a client secret nor a certificate. Fix: set the client secret value, or a certificate and its private key.`,
  );
}

export function connectTenant(
  app: TenantAppCredentials,
  settings: GraphConnectionSettings,
  deps: { transport: Transport; clock?: Clock; sleep?: Sleep; random?: () => number },
): TenantConnection {
  const clock = deps.clock ?? realClock;
  const tokens = new MsalTokenProvider({
    tenantId: app.tenantId,
    clientId: app.clientId,
    credential: credentialOf(app),
    authorityHost: settings.authorityHost,
    graphBaseUrl: settings.graphBaseUrl,
    transport: deps.transport,
    clock,
  });
  const client = new TenantGraphClient({
    tenantId: app.tenantId,
    graphBaseUrl: settings.graphBaseUrl,
    tokens,
    transport: deps.transport,
    budget: { limit: settings.budgetPer30s, windowMs: 30_000 },
    timeoutMs: settings.requestTimeoutMs,
    clock,
    sleep: deps.sleep ?? realSleep,
    random: deps.random,
  });
  return { tenantId: app.tenantId, clientId: app.clientId, tokens, client };
}

/** The tenants the service is connected to, by tenant id. */
export class TenantConnections {
  private readonly byId = new Map<string, TenantConnection>();

  set(connection: TenantConnection): void {
    this.byId.set(connection.tenantId, connection);
  }

  get(tenantId: string): TenantConnection | undefined {
    return this.byId.get(tenantId);
  }

  delete(tenantId: string): void {
    this.byId.delete(tenantId);
  }

  list(): TenantConnection[] {
    return [...this.byId.values()];
  }
}
