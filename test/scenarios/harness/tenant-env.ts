/** The settings of a service in tenant mode against the Graph and PBX simulators, as the scenario harnesses start it. */
import { randomBytes } from 'node:crypto';
import { SIMULATOR_CERT_FILE, type GraphSimulator, type TenantCredentials } from '../../../src/sim/graph';
import type { PbxSimulator } from '../../../src/sim/pbx';

export interface TenantEnvParts {
  port: number;
  dataDir: string;
  credentials: TenantCredentials;
  graph: GraphSimulator;
  pbx: PbxSimulator;
  pbxSecret: string;
  preset?: string;
}

export function tenantServiceEnv(p: TenantEnvParts): Record<string, string> {
  return {
    PORT: String(p.port),
    HOST: '127.0.0.1',
    PB_DATA_DIR: p.dataDir,
    PB_TENANT_ID: p.credentials.tenantId,
    PB_CLIENT_ID: p.credentials.clientId,
    PB_CLIENT_SECRET: p.credentials.clientSecret,
    PB_SECRET_KEY: randomBytes(32).toString('base64'),
    PB_AUTHORITY_HOST: p.graph.url,
    PB_GRAPH_BASE_URL: p.graph.url,
    PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
    PB_PBX_CONNECTOR: 'webhook',
    PB_PBX_URL: p.pbx.routingUrl,
    PB_PBX_USERS_URL: p.pbx.usersUrl,
    PB_PBX_SECRET: p.pbxSecret,
    PB_POLL_MIN_PERIOD_MS: '200',
    PB_DEBOUNCE_MS: '0',
    PB_PRESET: p.preset ?? 'default',
  };
}
