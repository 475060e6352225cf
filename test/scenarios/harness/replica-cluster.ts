/**
 * Several replicas of the service, each its own process (`presence-bridge start` on the TypeScript sources),
 * sharing one PostgreSQL schema, with several tenants on the simulators: one Graph simulator holding every
 * tenant, one PBX simulator per tenant (each counts the fencing tokens of the routing writes it gets). The
 * tenants are recorded in the store before any replica starts, as Setup in the tab would; the first one is also
 * the operator's tenant of the environment. Used by test/scenarios/replicas-postgres.test.ts and the failover
 * phase of the benchmark (bench/failover.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SECRET_NAMES, type TenantSettings } from '../../../src/service/tenants/tenant-settings';
import {
  generatePeople,
  SIMULATOR_CERT_FILE,
  startGraphSimulator,
  type GraphSimulator,
  type TenantControls,
  type TenantCredentials,
} from '../../../src/sim/graph';
import type { GeneratedPeople } from '../../../src/sim/people';
import { startPbxSimulator, type PbxSimulator } from '../../../src/sim/pbx';
import { openPostgresStore } from '../../../src/store/postgres-store';
import { createTestSchema, type TestSchema } from '../../store/postgres-lab';
import { freeTcpPort } from '../../support/free-ports';

const ROOT = join(__dirname, '..', '..', '..');

export interface ClusterTenant {
  tenantId: string;
  credentials: TenantCredentials;
  people: GeneratedPeople;
  teams: TenantControls;
  pbx: PbxSimulator;
  pbxSecret: string;
}

export interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export interface LeaseRow {
  tenantId: string;
  holder: string | null;
  token: number;
  live: boolean;
}

export interface ReplicaCluster {
  graph: GraphSimulator;
  tenants: ClusterTenant[];
  schema: TestSchema;
  replicas: Map<string, Replica>;
  start(name: string, extraEnv?: Record<string, string>): Promise<Replica>;
  /** SIGKILL, as `kill -9`: no shutdown code runs, the leases are left to expire. */
  kill(name: string): Promise<void>;
  /** The replica's readiness report (which tenants it runs). */
  readiness(name: string): Promise<{ status: number; body: { status: string; replica?: { id: string }; tenants: { tenantId: string }[] } }>;
  /** Every tenant's lease row, read from the database. */
  leases(): Promise<LeaseRow[]>;
  /** Live replica ids (heartbeat rows not expired). */
  liveReplicas(): Promise<string[]>;
  /** The tenant's stored mapping (Teams user id, extension), by extension. */
  mapping(tenantId: string): Promise<Array<{ userId: string; extension: string }>>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  tenants: number;
  usersPerTenant: number;
  seed?: number;
  env?: Record<string, string>;
  /** Real ms each Graph answer takes. */
  graphLatencyMs?: number;
}

export async function startReplicaCluster(o: ClusterOptions): Promise<ReplicaCluster> {
  const schema = await createTestSchema();
  const graph = await startGraphSimulator({ latencyMs: o.graphLatencyMs ?? 0 });
  const secretKey = randomBytes(32).toString('base64');
  const tenants: ClusterTenant[] = [];
  for (let i = 0; i < o.tenants; i += 1) {
    const people = generatePeople(o.usersPerTenant, (o.seed ?? 11) + i);
    const credentials = graph.addTenant({ users: people.directoryUsers });
    const pbxSecret = randomBytes(24).toString('base64url');
    const pbx = await startPbxSimulator({ users: people.pbxUsers, secret: pbxSecret });
    tenants.push({ tenantId: credentials.tenantId, credentials, people, teams: graph.tenant(credentials.tenantId), pbx, pbxSecret });
  }

  // Setup as the tab would have recorded it, for every tenant.
  const store = await openPostgresStore({ connectionString: schema.url, secretKey });
  try {
    for (const t of tenants) {
      const settings: TenantSettings = {
        appKind: 'ownApp',
        authorityHost: graph.url,
        graphBaseUrl: graph.url,
        connector: { kind: 'webhook', url: t.pbx.routingUrl, usersUrl: t.pbx.usersUrl, setBy: 'operator' },
      };
      await store.tenants.upsert({
        tenantId: t.tenantId,
        displayName: t.tenantId,
        mode: 'app',
        clientId: t.credentials.clientId,
        settings,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      await store.secrets.put(t.tenantId, SECRET_NAMES.clientSecret, t.credentials.clientSecret);
      await store.secrets.put(t.tenantId, SECRET_NAMES.pbxSecret, t.pbxSecret);
    }
  } finally {
    await store.close();
  }

  const first = tenants[0];
  const dataRoot = mkdtempSync(join(tmpdir(), 'pb-cluster-'));
  const replicas = new Map<string, Replica>();
  const db = new pg.Pool({ connectionString: schema.url, max: 2 });

  const cluster: ReplicaCluster = {
    graph,
    tenants,
    schema,
    replicas,
    async start(name, extraEnv = {}) {
      const port = await freeTcpPort();
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        NODE_EXTRA_CA_CERTS: SIMULATOR_CERT_FILE,
        LOG_LEVEL: process.env.PB_CHILD_LOG_LEVEL ?? 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        PB_DATA_DIR: join(dataRoot, name),
        PB_DATABASE_URL: schema.url,
        PB_SECRET_KEY: secretKey,
        PB_TENANT_ID: first.tenantId,
        PB_CLIENT_ID: first.credentials.clientId,
        PB_CLIENT_SECRET: first.credentials.clientSecret,
        PB_AUTHORITY_HOST: graph.url,
        PB_GRAPH_BASE_URL: graph.url,
        PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
        PB_PBX_CONNECTOR: 'webhook',
        PB_PBX_URL: first.pbx.routingUrl,
        PB_PBX_USERS_URL: first.pbx.usersUrl,
        PB_PBX_SECRET: first.pbxSecret,
        PB_POLL_MIN_PERIOD_MS: '200',
        PB_DEBOUNCE_MS: '0',
        ...o.env,
        ...extraEnv,
      };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const replica: Replica = { name, url: `http://127.0.0.1:${port}`, child, exited, output: () => text };
      replicas.set(name, replica);
      const deadline = Date.now() + 90_000;
      while (!/PresenceBridge is running on/.test(text)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`replica ${name} exited early; output:\n${text}`);
        if (Date.now() > deadline) throw new Error(`replica ${name} did not start; output:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return replica;
    },
    async kill(name) {
      const replica = replicas.get(name);
      if (!replica || replica.child.exitCode !== null || replica.child.signalCode !== null) return;
      replica.child.kill('SIGKILL');
      await replica.exited;
    },
    async readiness(name) {
      const answer = await fetch(`${replicas.get(name)!.url}/readyz`);
      return { status: answer.status, body: (await answer.json()) as Awaited<ReturnType<ReplicaCluster['readiness']>>['body'] };
    },
    async leases() {
      const { rows } = await db.query<{ tenant_id: string; holder: string | null; token: string; live: boolean }>(
        'SELECT tenant_id, holder, token, (holder IS NOT NULL AND expires_at > now()) AS live FROM tenant_leases ORDER BY tenant_id',
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, holder: r.holder, token: Number(r.token), live: r.live }));
    },
    async liveReplicas() {
      const { rows } = await db.query<{ replica_id: string }>(
        'SELECT replica_id FROM replicas WHERE expires_at > now() ORDER BY replica_id',
      );
      return rows.map((r) => r.replica_id);
    },
    async mapping(tenantId) {
      const { rows } = await db.query<{ user_id: string; extension: string }>(
        'SELECT user_id, extension FROM mapping_entries WHERE tenant_id = $1 ORDER BY extension',
        [tenantId],
      );
      return rows.map((r) => ({ userId: r.user_id, extension: r.extension }));
    },
    async close() {
      for (const replica of replicas.values()) {
        if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGKILL');
        await replica.exited;
      }
      await db.end();
      for (const t of tenants) await t.pbx.close();
      await graph.close();
      await schema.drop();
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
  return cluster;
}
