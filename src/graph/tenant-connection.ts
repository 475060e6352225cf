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
import { AppRegistrationPool, PRIMARY_MEMBER_ID, type PoolMember } from './app-registration-pool';

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

/** A registration the tenant added beside its own (issue 12.1). */
export interface AddedAppCredentials extends Omit<TenantAppCredentials, 'tenantId'> {
  id: string;
  label: string;
}

export interface TenantConnection {
  tenantId: string;
  /** The tenant's own registration (`primary`): what a single-registration tenant uses for everything. */
  clientId: string;
  tokens: MsalTokenProvider;
  client: TenantGraphClient;
  /** Every registration, the primary first; one member when the tenant added none. */
  pool: AppRegistrationPool;
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
  added: readonly AddedAppCredentials[] = [],
): TenantConnection {
  const primary = connectRegistration(app, PRIMARY_MEMBER_ID, 'Primary', settings, deps);
  const members = [
    primary,
    ...added.map((extra) => connectRegistration({ ...extra, tenantId: app.tenantId }, extra.id, extra.label, settings, deps)),
  ];
  const pool = new AppRegistrationPool(members, { clock: deps.clock ?? realClock });
  return { tenantId: app.tenantId, clientId: app.clientId, tokens: primary.tokens as MsalTokenProvider, client: primary.client, pool };
}

/** One registration's own token provider and Graph client (with its own budget). */
function connectRegistration(
  app: TenantAppCredentials,
  id: string,
  label: string,
  settings: GraphConnectionSettings,
  deps: { transport: Transport; clock?: Clock; sleep?: Sleep; random?: () => number },
): PoolMember {
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
  return { id, label, clientId: app.clientId, tokens, client };
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
