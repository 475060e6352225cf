/**
 * The engine all tenants share, between its two writers: a routing write goes to the tenant's running connector,
 * and every write's outcome ends up where the service shows it (metrics, the Status chart, the admin's errors).
 */
import { createMetrics } from '../../../src/metrics';
import { ConnectorError } from '../../../src/pbx/connector';
import type { RoutingConnector } from '../../../src/pbx/routing-writer';
import { LatencyHistory } from '../../../src/service/latency-history';
import { RecentErrors } from '../../../src/service/recent-errors';
import { createTenantsEngine } from '../../../src/service/tenants/tenants-engine';
import { parsePolicy, type SyncPolicy } from '../../../src/sync/decision/policy';
import { parsePresence } from '../../../src/sync/decision/presence';
import type { SyncStateRepository, TeamsWriter, WriteOutcome } from '../../../src/sync/ports';
import { FakeTime } from '../../graph/fake-time';

const T = 'tenant-a';
const U = 'user-1';
const EXT = '1001';

function noDebounce(): SyncPolicy {
  const parsed = parsePolicy({ debounceMs: 0 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
}

const repository: SyncStateRepository = {
  loadAll: async () => [],
  save: async () => undefined,
  loadTenantPause: async () => undefined,
  savePause: async () => undefined,
};

function setup(options: { connector?: RoutingConnector; teams?: WriteOutcome } = {}) {
  const time = new FakeTime();
  const connectors = new Map<string, RoutingConnector>(options.connector ? [[T, options.connector]] : []);
  const teams: Pick<TeamsWriter, 'apply'> = { apply: async () => options.teams ?? { ok: true, detail: 'Graph 200' } };
  const metrics = createMetrics();
  const latency = new LatencyHistory();
  const errors = new RecentErrors();
  const policy = noDebounce();
  const engine = createTenantsEngine({
    clock: time,
    scheduler: time.scheduler,
    policies: { get: () => policy },
    repository,
    connectors,
    teams,
    trace: { record: () => undefined },
    metrics,
    latency,
    errors,
  });
  engine.setMapping(T, [{ userId: U, extension: EXT }]);
  const writes = async () => (await metrics.writes.get()).values.map((v) => `${v.labels.side} ok=${v.labels.ok}: ${v.value}`);
  const teamsChange = () =>
    engine.submit({
      kind: 'teamsPresence',
      tenantId: T,
      userId: U,
      presence: parsePresence('Busy/InAMeeting')!,
      version: '1',
      at: time.now(),
      source: 'poll',
    });
  const lineChange = () => engine.submitLineReport(T, { extension: EXT, state: 'onCall', at: time.now() });
  return { time, engine, errors, latency, writes, teamsChange, lineChange };
}

function connector(fails?: Error): RoutingConnector & { applied: string[] } {
  const applied: string[] = [];
  return {
    kind: 'webhook',
    applied,
    async applyRouting(extension, state) {
      applied.push(`${extension}=${state}`);
      if (fails) throw fails;
    },
  };
}

describe('the tenants engine', () => {
  test("a Teams change is written to the tenant's connector, counted, and its latency charted", async () => {
    const pbx = connector();
    const s = setup({ connector: pbx });
    s.teamsChange();
    await s.engine.idle();
    expect(pbx.applied).toEqual([`${EXT}=busy`]);
    expect(await s.writes()).toEqual(['pbx ok=true: 1']);
    expect(s.latency.lastHour(T, s.time.now()).teamsToPbx?.count).toBe(1);
    expect(s.errors.list(T)).toEqual([]);
  });

  test("a routing write the PBX refuses is shown to the tenant's admin as a connector problem, with its fix apart", async () => {
    const s = setup({ connector: connector(new ConnectorError('PBX answered 404.', false, { fix: 'check the URL.' })) });
    s.teamsChange();
    await s.engine.idle();
    expect(await s.writes()).toEqual(['pbx ok=false: 1']);
    expect(s.errors.list(T)).toEqual([
      { at: s.time.now(), part: 'connector', code: 'connectorFailed', message: 'PBX answered 404.', fix: 'check the URL.' },
    ]);
    expect(s.latency.lastHour(T, s.time.now()).teamsToPbx).toBeUndefined();
  });

  test('a tenant that is not running: the write fails and is counted, but is no problem of the PBX', async () => {
    const s = setup();
    s.teamsChange();
    await s.engine.idle();
    expect(await s.writes()).toEqual(['pbx ok=false: 1']);
    expect(s.errors.list(T)).toEqual([]);
  });

  test("a line change Graph refuses is shown to the admin as a writer problem, in the writer's words", async () => {
    const s = setup({ connector: connector(), teams: { ok: false, detail: 'Graph 403: Presence.ReadWrite.All is missing' } });
    s.lineChange();
    await s.engine.idle();
    expect(await s.writes()).toEqual(['teams ok=false: 1']);
    expect(s.errors.list(T)).toEqual([{ at: s.time.now(), part: 'writer', message: 'Graph 403: Presence.ReadWrite.All is missing' }]);
  });

  test('a line change written to Teams is counted and charted', async () => {
    const s = setup({ connector: connector() });
    s.lineChange();
    await s.engine.idle();
    expect(await s.writes()).toEqual(['teams ok=true: 1']);
    expect(s.latency.lastHour(T, s.time.now()).pbxToTeams?.count).toBe(1);
  });
});
