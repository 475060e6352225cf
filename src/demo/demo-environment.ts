/**
 * Demo mode's stand-ins for the outside world: a simulated Microsoft Graph/Entra ID with a generated tenant
 * whose people change their presence at random, and a simulated PBX with the same people on extensions.
 * The service reaches both through the same settings and code paths as the real things.
 */
import { randomBytes } from 'node:crypto';
import { generatePeople, type GeneratedPeople } from '../sim/people';
import { startGraphSimulator, type GraphSimulator, type TenantCredentials } from '../sim/graph';
import { startPbxSimulator, type PbxSimulator } from '../sim/pbx';

export interface DemoOptions {
  users: number;
  changesPerMinute: number;
  /** Where the PBX simulator posts line-state events (the service's webhook route for the tenant). */
  lineStateWebhookUrl: (tenantId: string) => string;
  seed?: number;
  /** Real milliseconds added to each Graph answer. */
  graphLatencyMs?: number;
  /** A tenant id to reuse (so a restarted demo finds its own data again). */
  tenantId?: string;
  clientSecret?: string;
}

export interface DemoEnvironment {
  graph: GraphSimulator;
  pbx: PbxSimulator;
  credentials: TenantCredentials;
  people: GeneratedPeople;
  pbxSecret: string;
  close(): Promise<void>;
}

const started = new WeakSet<object>();

/** Whether `world` is one this module started (the service holds it only as its own DemoWorld). */
export function isDemoEnvironment(world: object): world is DemoEnvironment {
  return started.has(world);
}

export async function startDemoEnvironment(options: DemoOptions): Promise<DemoEnvironment> {
  const people = generatePeople(options.users, options.seed ?? 42);
  const graph = await startGraphSimulator({ latencyMs: options.graphLatencyMs ?? 0 });
  const credentials = graph.addTenant({
    tenantId: options.tenantId,
    clientSecret: options.clientSecret,
    domain: 'contoso.onmicrosoft.com',
    users: people.directoryUsers,
  });
  const pbxSecret = randomBytes(24).toString('base64url');
  const pbx = await startPbxSimulator({
    users: people.pbxUsers,
    secret: pbxSecret,
    lineStateWebhookUrl: options.lineStateWebhookUrl(credentials.tenantId),
    echoRoutingAsLineState: true,
  });
  const script =
    options.changesPerMinute > 0
      ? graph
          .tenant(credentials.tenantId)
          .startPresenceScript({ changesPerSecond: options.changesPerMinute / 60, seed: options.seed ?? 42 })
      : undefined;
  const environment: DemoEnvironment = {
    graph,
    pbx,
    credentials,
    people,
    pbxSecret,
    async close() {
      script?.stop();
      await pbx.close();
      await graph.close();
    },
  };
  started.add(environment);
  return environment;
}
