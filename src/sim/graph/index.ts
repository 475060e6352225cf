/**
 * The Microsoft Graph + Entra ID simulator: the only Graph the product's tests and demo ever see. It behaves
 * as /work/shared/facts/graph.md says, bad days included. See TenantControls for what can be driven per tenant
 * and control-routes.ts for the same over HTTP (/_sim/...).
 *
 *   const sim = await startGraphSimulator({ clock });
 *   const creds = sim.addTenant({ users: generatePeople(100, 1).directoryUsers });
 *   // msal-node: authority creds.authority, knownAuthorities [creds.knownAuthority], trust sim.caCertPem
 *   // graph client: baseUrl creds.graphBaseUrl, customHosts ['localhost']
 *   sim.tenant(creds.tenantId).setUserPresence(userId, 'Busy', 'InAMeeting');
 */
import { systemClock, type Clock } from '../sim-clock';
import { handleControlRequest, isControlPath } from './control-routes';
import { type SimLogger, startHttpsServer } from './https-server';
import { SimulatorCore, type TenantCredentials, type TenantSpec } from './simulator-core';
import type { TenantControls } from './tenant-controls';

export type { TenantCredentials, TenantSpec } from './simulator-core';
export type { TenantControls } from './tenant-controls';
export type { FaultSettings } from './faults';
export type { RequestStatsSnapshot, RecordedRequest } from './request-stats';
export type { PresenceReading } from './presence-store';
export type { SimLogger } from './https-server';
export { GRAPH_APPLICATION_PERMISSIONS } from './app-registration';
export { TEAMS_CLIENT_SESSION } from './presence-store';
export { SIMULATOR_CERT_FILE } from './https-server';
export { MAX_PRESENCE_IDS } from './presence-routes';
export { PREFERRED_PRESENCES } from './presence-aggregation';
export { MAX_BATCH_REQUESTS } from './batch-route';
export { DELTA_LINK_LIFETIME_MS } from './directory-routes';
export { ACCESS_TOKEN_LIFETIME_S, GRAPH_SCOPE } from './token-service';
export { SimulatorUsageError } from './errors';
export { generatePeople } from '../people';

/** Endpoint names used in request statistics for the presence budget. */
export const PRESENCE_ENDPOINTS = [
  'getPresencesByUserId',
  'getPresence',
  'setPresence',
  'clearPresence',
  'setUserPreferredPresence',
  'clearUserPreferredPresence',
] as const;

export interface GraphSimulatorOptions {
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Real milliseconds added to every Entra and Graph answer (a realistic Graph answer time for benchmarks). */
  latencyMs?: number;
  /** Simulator time (token expiry, session expiry and decay, delta link age, throttle window). Default: Date. */
  clock?: Clock;
  logger?: SimLogger;
  /** Presence requests per 30 s per app per tenant (Graph documents 1500). */
  presenceRequestsPer30s?: number;
  /** Seed for fault randomness (rates below 1). */
  seed?: number;
}

export interface GraphSimulator {
  /** https://localhost:PORT: authority host (/{tenant}/...) and Graph base (/v1.0/..., /beta/...). */
  readonly url: string;
  readonly port: number;
  /** The certificate to trust (self-signed; it is its own CA). */
  readonly caCertPem: string;
  addTenant(spec?: TenantSpec): TenantCredentials;
  tenant(tenantId: string): TenantControls;
  credentialsOf(tenantId: string): TenantCredentials;
  close(): Promise<void>;
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  let origin = '';
  const core = new SimulatorCore({
    clock: options.clock ?? systemClock,
    latencyMs: options.latencyMs ?? 0,
    presenceRequestsPer30s: options.presenceRequestsPer30s ?? 1500,
    seed: options.seed ?? 1,
    origin: () => origin,
  });
  const server = await startHttpsServer(
    options.port ?? 0,
    (req) => (isControlPath(req.path) ? { response: handleControlRequest(req, core), delayMs: 0 } : core.dispatch(req)),
    options.logger,
  );
  origin = `https://localhost:${server.port}`;
  return {
    url: origin,
    port: server.port,
    caCertPem: server.caCertPem,
    addTenant: (spec) => core.addTenant(spec),
    tenant: (tenantId) => core.tenant(tenantId),
    credentialsOf: (tenantId) => core.credentialsOf(tenantId),
    close: async () => {
      core.stopScripts();
      await server.close();
    },
  };
}
