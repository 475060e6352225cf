/**
 * One benchmark world: the simulators in a child process (bench/sim-host.ts) and the service in this process,
 * in tenant mode, started through its settings exactly as a customer would start it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { loadSettings, type Settings } from '../src/config';
import { openStore } from '../src/store/open-store';
import { storeSecretKey } from '../src/store/store-secret-key';
import { createLogger } from '../src/logger';
import { startService, type Service } from '../src/main';
import { SIMULATOR_CERT_FILE } from '../src/sim/graph';
import { forkTs, type Channel } from './ipc';
import type { SimInit } from './sim-host';
import type { WebhookLoadResult } from './webhook-load';
import { progress } from './progress';
import { memoryAt, type PhaseMemory } from './rss-sampler';
import { freeTcpPort } from '../test/support/free-ports';

/** The sim host's operations, as seen from this side. */
export interface SimHost {
  [op: string]: (args: never) => unknown;
  init(o: SimInit): { graphUrl: string; tenantId: string; clientId: string; clientSecret: string; routingUrl: string; usersUrl: string };
  setMapping(pairs: [string, string][]): void;
  routingWrites(): number;
  /** `repeats`: changes made within `repeatWithinMs` of the same user's previous change (`isolatedSamples` leaves them out). */
  teamsLoad(o: { ratePerSec: number; durationMs: number; drainMs: number; repeatWithinMs: number }): {
    changes: number;
    samples: number[];
    isolatedSamples: number[];
    repeats: number;
    unresolved: number;
  };
  graphWindow(): { maxPresencePer30s: number; byEndpoint: Record<string, number>; byStatus: Record<string, number> };
  resetGraphStats(): void;
  addApps(n: number): { clientId: string; clientSecret: string }[];
  graphByApp(): Record<string, { requests: number; maxPer30s: number }>;
  storm(o: { durationMs: number; retryAfterSeconds: number }): void;
  lineLoad(o: { ratePerSec: number; durationMs: number; users: number; ringMs: number; holdMs: number }): {
    events: number;
    seconds: number;
    samples: number[];
    missing: number;
    failures: string[];
  };
  webhookLoad(o: { ratePerSec: number; durationMs: number; users: number }): WebhookLoadResult;
  close(): void;
}

export interface BenchWorld {
  sims: Channel<SimHost>;
  service: Service;
  tenantId: string;
  mapped: number;
  /** Seconds: service start -> mapping in place; mapping -> every mapped user's first routing write. */
  startup: { mappingSeconds: number; initialSyncSeconds: number };
  phases: PhaseMemory[];
  close(): Promise<void>;
}

/** The added registrations, stored before the service starts (as an admin's earlier additions would be). */
async function addRegistrations(settings: Settings, tenantId: string, apps: { clientId: string; clientSecret: string }[]): Promise<void> {
  if (apps.length === 0) return;
  const store = await openStore(settings, await storeSecretKey(settings));
  try {
    for (const [i, app] of apps.entries()) {
      const at = Date.now();
      await store.appRegistrations.put(
        {
          tenantId,
          id: `bench-${i + 2}`,
          label: `Bench ${i + 2}`,
          clientId: app.clientId,
          credentialKind: 'secret',
          consent: 'granted',
          createdAt: at + i,
          updatedAt: at,
        },
        { clientSecret: app.clientSecret },
      );
    }
  } finally {
    await store.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sync settings a bench run uses: the preset's own (debounce included) unless overridden. */
export interface BenchPolicy {
  preset?: string;
  debounceMs?: number;
}

function policyEnv(p: BenchPolicy = {}): Record<string, string> {
  return { ...(p.preset ? { PB_PRESET: p.preset } : {}), ...(p.debounceMs !== undefined ? { PB_DEBOUNCE_MS: String(p.debounceMs) } : {}) };
}

export async function startBenchWorld(o: {
  label: string;
  users: number;
  latencyMs: number;
  presenceLimitPer30s: number;
  env: Record<string, string>;
  policy?: BenchPolicy;
  /** App registrations of the tenant (default 1: its own only). */
  appRegistrations?: number;
}): Promise<BenchWorld> {
  const sims = forkTs<SimHost>('sim-host.ts');
  const port = await freeTcpPort();
  const pbxSecret = randomBytes(24).toString('base64url');
  const info = await sims.call('init', {
    users: o.users,
    seed: 1,
    latencyMs: o.latencyMs,
    presenceLimitPer30s: o.presenceLimitPer30s,
    servicePort: port,
    pbxSecret,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  const settings = loadSettings({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PB_DATA_DIR: dataDir,
    PB_TENANT_ID: info.tenantId,
    PB_CLIENT_ID: info.clientId,
    PB_CLIENT_SECRET: info.clientSecret,
    PB_SECRET_KEY: randomBytes(32).toString('base64'),
    PB_AUTHORITY_HOST: info.graphUrl,
    PB_GRAPH_BASE_URL: info.graphUrl,
    PB_TLS_CA_FILE: SIMULATOR_CERT_FILE,
    PB_PBX_CONNECTOR: 'webhook',
    PB_PBX_URL: info.routingUrl,
    PB_PBX_USERS_URL: info.usersUrl,
    PB_PBX_SECRET: pbxSecret,
    ...policyEnv(o.policy),
    ...o.env,
  });
  await addRegistrations(settings, info.tenantId, await sims.call('addApps', Math.max(0, (o.appRegistrations ?? 1) - 1)));
  const phases: PhaseMemory[] = [memoryAt('before start')];
  const started = Date.now();
  const service = await startService(settings, { logger: createLogger('silent') });
  // RSS and heap in use as each refresh phase begins (no GC here: it would hide the transient peak).
  await service.directory.refreshNow(info.tenantId, { onProgress: (p) => phases.push(memoryAt(`refresh: ${p.phase}`, { gc: false })) });
  const entries = await service.store.mappings.list(info.tenantId);
  const pool = service.runtimes.get(info.tenantId)?.connection.pool;
  progress(
    `${o.label}: ${pool?.size ?? 0} app registration(s) in the tenant's pool: ${pool
      ?.all()
      .map((m) => m.clientId)
      .join(', ')}`,
  );
  const mappingSeconds = (Date.now() - started) / 1000;
  progress(`${o.label}: ${entries.length} users mapped in ${mappingSeconds.toFixed(1)} s`);
  phases.push(memoryAt('mapping in place'));
  await sims.call(
    'setMapping',
    entries.map((e) => [e.userId, e.extension] as [string, string]),
  );

  const synced = Date.now();
  let last = -1;
  let snapshotTaken = false;
  for (;;) {
    const writes = await sims.call('routingWrites', undefined);
    // BENCH_HEAP_SNAPSHOT=<dir>: also what the service holds half-way through the initial sync.
    if (process.env.BENCH_HEAP_SNAPSHOT && !snapshotTaken && writes >= entries.length / 2) {
      snapshotTaken = true;
      phases.push(memoryAt('initial sync half-way', { gc: false }));
      progress(
        `${o.label}: heap snapshot ${writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}/service-${o.users}-initial-sync.heapsnapshot`)}`,
      );
    }
    if (writes >= entries.length) break;
    if (Date.now() - synced > 600_000)
      throw new Error(`${o.label}: only ${writes} of ${entries.length} initial routing writes after 10 minutes`);
    if (writes !== last && Math.floor(writes / 20_000) !== Math.floor(last / 20_000))
      progress(`${o.label}: initial sync ${writes}/${entries.length}`);
    last = writes;
    await sleep(200);
  }
  await service.engine.idle();
  const initialSyncSeconds = (Date.now() - synced) / 1000;
  phases.push(memoryAt('initial sync done'));
  progress(`${o.label}: initial routing written for every mapped user in ${initialSyncSeconds.toFixed(1)} s`);

  return {
    sims,
    service,
    tenantId: info.tenantId,
    mapped: entries.length,
    startup: { mappingSeconds, initialSyncSeconds },
    phases,
    async close() {
      await service.stop();
      await sims.call('close', undefined).catch(() => undefined);
      await sims.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
