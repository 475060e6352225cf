/**
 * The service as its own process (`presence-bridge start` on the TypeScript sources), pointed at simulators
 * that run in the test's process, so that it can be stopped the honest way: SIGKILL, as by `kill -9`, an OOM
 * killer or a deploy that does not wait. The Graph simulator runs on a clock the test can move forward, so a
 * presence session can lapse while the service is down without waiting five real minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadSettings } from '../../../src/config';
import { openSqliteStore } from '../../../src/store/sqlite-store';
import type { UserSyncState } from '../../../src/sync/types';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePeople, SIMULATOR_CERT_FILE, startGraphSimulator, type GraphSimulator, type TenantControls } from '../../../src/sim/graph';
import type { GeneratedPeople } from '../../../src/sim/people';
import { startPbxSimulator, type PbxSimulator } from '../../../src/sim/pbx';
import { freeTcpPort } from '../../support/free-ports';
import { tenantServiceEnv } from './tenant-env';

const ROOT = join(__dirname, '..', '..', '..');

export interface ChildWorld {
  graph: GraphSimulator;
  pbx: PbxSimulator;
  teams: TenantControls;
  people: GeneratedPeople;
  tenantId: string;
  /** The service's base URL. */
  url: string;
  /** The service's settings (environment variables). */
  env: Record<string, string>;
  /** Starts the service process and waits until it says it runs. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** The user's sync state as the service stored it (read from its SQLite file, beside the running service). */
  storedState(userId: string): Promise<UserSyncState | undefined>;
  /** Moves the Graph simulator's clock forward (sessions expire, presence decays). */
  advanceGraphClock(ms: number): void;
  /** What the service printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export async function startChildWorld(options: { users?: number; seed?: number } = {}): Promise<ChildWorld> {
  let offsetMs = 0;
  const graphClock = { now: () => Date.now() + offsetMs };
  const people = generatePeople(options.users ?? 10, options.seed ?? 7);
  const graph = await startGraphSimulator({ clock: graphClock });
  const credentials = graph.addTenant({ users: people.directoryUsers });
  const tenantId = credentials.tenantId;
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  const pbxSecret = randomBytes(24).toString('base64url');
  const pbx = await startPbxSimulator({
    users: people.pbxUsers,
    secret: pbxSecret,
    lineStateWebhookUrl: `${url}/api/pbx/${tenantId}/line-state`,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-child-'));
  const env: Record<string, string> = {
    ...tenantServiceEnv({ port, dataDir, credentials, graph, pbx, pbxSecret }),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    LOG_LEVEL: process.env.PB_CHILD_LOG_LEVEL ?? 'warn',
    NODE_EXTRA_CA_CERTS: SIMULATOR_CERT_FILE,
  };
  let child: ChildProcess | undefined;
  let text = '';

  async function waitForLine(pattern: RegExp, from: number, timeoutMs: number, proc: ChildProcess): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text.slice(from))) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`the service exited early (${proc.exitCode ?? proc.signalCode}); output:\n${text}`);
      if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const world: ChildWorld = {
    graph,
    pbx,
    teams: graph.tenant(tenantId),
    people,
    tenantId,
    url,
    env,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('The service is already running.');
      const from = text.length;
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      proc.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await waitForLine(/PresenceBridge is running on/, from, 60_000, proc);
    },
    async kill() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    },
    async storedState(userId) {
      const settings = loadSettings(env);
      const store = openSqliteStore({ path: settings.dbPath, secretKey: settings.secretKey! });
      try {
        return (await store.syncStates.loadAll(tenantId)).find((s) => s.userId === userId);
      } finally {
        await store.close();
      }
    },
    advanceGraphClock(ms) {
      offsetMs += ms;
    },
    output: () => text,
    async close() {
      await world.kill();
      await pbx.close();
      await graph.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}
