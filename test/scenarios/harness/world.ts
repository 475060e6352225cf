/**
 * A scenario's world, set up the way a customer runs the product: the Graph/Entra simulator and the PBX
 * simulator are started first and stay up; the service is started in tenant mode through its settings
 * (environment variables), pointed at them. Stopping and starting the service again (same data directory)
 * meets the same simulators, as a restarted service would meet the same Microsoft and the same PBX.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../src/config';
import type { MappingEntry } from '../../../src/identity/types';
import { createLogger } from '../../../src/logger';
import { startService, type Service } from '../../../src/main';
import { generatePeople, startGraphSimulator, type GraphSimulator, type TenantControls } from '../../../src/sim/graph';
import type { GeneratedPeople } from '../../../src/sim/people';
import { startPbxSimulator, type PbxSimulator } from '../../../src/sim/pbx';
import { signatureHeaders } from '../../../src/pbx/webhook/signature';
import type { PresetName } from '../../../src/sync/decision/presets';
import type { Activity, Availability, RoutingState } from '../../../src/sync/states';
import type { TraceEntry } from '../../../src/sync/types';
import { eventually } from './eventually';
import { freeTcpPort } from '../../support/free-ports';
import { tenantServiceEnv } from './tenant-env';

export interface WorldOptions {
  users?: number;
  seed?: number;
  preset?: PresetName;
  /** The PBX reports routing DND back as line state, as real PBXes do. */
  echo?: boolean;
  /** Real ms added to each Graph answer. */
  graphLatencyMs?: number;
  /** The simulator's own presence limit per 30 s (Graph documents 1500). */
  simPresenceLimitPer30s?: number;
  /** Extra or overriding service settings (environment variables). */
  env?: Record<string, string>;
}

export interface World {
  graph: GraphSimulator;
  pbx: PbxSimulator;
  tenantId: string;
  /** The simulated tenant's controls: people, presence, faults, statistics. */
  teams: TenantControls;
  people: GeneratedPeople;
  dataDir: string;
  env: Record<string, string>;
  /** The running service (throws when it is stopped). */
  readonly service: Service;
  startService(env?: Record<string, string>): Promise<Service>;
  stopService(): Promise<void>;
  /** The stored mapping, sorted by extension. */
  mapping(): Promise<MappingEntry[]>;
  /** Completed polling sweeps of the running service. */
  sweeps(): number;
  /** Waits until `n` more sweeps completed (a full read of every mapped user each). */
  waitSweeps(n?: number, timeoutMs?: number): Promise<void>;
  /**
   * The user's own Teams client shows this pair. `byHand`: the user picked it in Teams ("appear away", "appear
   * offline"), which Graph holds as the preferred presence; appear offline (Offline/OffWork) always is.
   */
  showInTeams(userId: string, availability: Availability, activity: Activity, how?: { byHand: boolean }): void;
  routingOf(extension: string): RoutingState | undefined;
  /** Routing set on the PBX by its own admin, not by us (a signed write straight to the PBX simulator). */
  setRoutingOnPbx(extension: string, state: RoutingState): Promise<void>;
  /** The user's trace, newest first. */
  trace(userId: string, limit?: number): Promise<TraceEntry[]>;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const people = generatePeople(options.users ?? 40, options.seed ?? 7);
  const graph = await startGraphSimulator({
    latencyMs: options.graphLatencyMs ?? 0,
    presenceRequestsPer30s: options.simPresenceLimitPer30s,
  });
  const credentials = graph.addTenant({ users: people.directoryUsers });
  const tenantId = credentials.tenantId;
  const port = await freeTcpPort();
  const pbxSecret = randomBytes(24).toString('base64url');
  const pbx = await startPbxSimulator({
    users: people.pbxUsers,
    secret: pbxSecret,
    lineStateWebhookUrl: `http://127.0.0.1:${port}/api/pbx/${tenantId}/line-state`,
    echoRoutingAsLineState: options.echo ?? false,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-scenario-'));
  const env: Record<string, string> = {
    ...tenantServiceEnv({ port, dataDir, credentials, graph, pbx, pbxSecret, preset: options.preset }),
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const teams = graph.tenant(tenantId);
  let running: Service | undefined;

  const world: World = {
    graph,
    pbx,
    tenantId,
    teams,
    people,
    dataDir,
    env,
    get service() {
      if (!running) throw new Error('The service is not running; call startService() first.');
      return running;
    },
    async startService(extra = {}) {
      if (running) throw new Error('The service is already running.');
      const settings = loadSettings({ ...env, ...extra });
      running = await startService(settings, { logger: createLogger('silent') });
      const service = running;
      // The first refresh starts with the service; joining it waits for the mapping to be in place.
      await service.directory.refreshNow(tenantId);
      await eventually('the tenant runtime', () => service.runtimes.get(tenantId));
      return service;
    },
    async stopService() {
      const service = running;
      running = undefined;
      await service?.stop();
    },
    async mapping() {
      const entries = await world.service.store.mappings.list(tenantId);
      return [...entries].sort((a, b) => a.extension.localeCompare(b.extension));
    },
    sweeps: () => running?.runtimes.get(tenantId)?.poller.stats().sweeps ?? 0,
    async waitSweeps(n = 2, timeoutMs = 10_000) {
      const target = world.sweeps() + n;
      await eventually(`${n} more polling sweeps`, () => world.sweeps() >= target, timeoutMs);
    },
    showInTeams(userId, availability, activity, how) {
      if (how?.byHand || (availability === 'Offline' && activity === 'OffWork')) {
        // A status the user sets by hand ("appear away", "appear offline"); Teams shows it while the client runs.
        teams.setUserPresence(userId, 'Available', 'Available');
        teams.setPreferredPresence(userId, availability, activity);
      } else {
        if (teams.sessionsOf(userId).preferred) teams.clearPreferredPresence(userId);
        teams.setUserPresence(userId, availability, activity);
      }
      const shown = teams.presenceOf(userId);
      if (shown.availability !== availability || shown.activity !== activity) {
        throw new Error(`The simulator shows ${shown.availability}/${shown.activity} for ${userId}, not ${availability}/${activity}.`);
      }
    },
    routingOf: (extension) => pbx.state(extension).routing?.state,
    async setRoutingOnPbx(extension, state) {
      const body = JSON.stringify({ extension, state, at: Date.now() });
      const response = await fetch(pbx.routingUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-PresenceBridge-Event': 'routing',
          ...signatureHeaders(pbxSecret, body, Date.now()),
        },
        body,
      });
      if (response.status !== 204)
        throw new Error(`The PBX simulator refused routing ${state} for ${extension}: ${response.status} ${await response.text()}`);
    },
    trace: (userId, limit = 50) => world.service.store.trace.forUser(tenantId, userId, limit),
    async close() {
      await world.stopService();
      await pbx.close();
      await graph.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await world.startService();
  return world;
}
