/**
 * `npm run bench [-- --sizes 1000,10000,100000] [--json] [--seconds 30] [--no-pbx] [--line-rates 200,30] [--preset NAME] [--debounce-ms N]`
 * The service runs with the preset's own settings (`default` unless `--preset`), its debounce included;
 * `--debounce-ms N` overrides the debounce (e.g. 0, to compare).
 * `npm run bench -- --webhook-ingest [--ingest-rates 500,1000,2000] [--seconds 10] [--ingest-paused]`: the webhook's
 * ingest only (`--ingest-paused`: with the tenant's sync paused, so nothing is written to Teams).
 * `npm run bench -- --failover [--failover-tenants 60] [--failover-users 1000] [--lease-ms 10000] [--renew-ms N]`:
 * three replicas on PostgreSQL, kill -9 one, take-over times and a replica added later (bench/failover.ts).
 *
 * Not a test: it measures and reports, it asserts nothing. Each phase runs in a fresh service process (peak
 * RSS is that process's own), which itself starts the Graph and PBX simulators in a child process.
 * A progress line per phase on stderr; a table on stdout; with --json one JSON object as the last line.
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../scripts/build-service.mjs';
import { PROJECT_ROOT } from '../src/project-root';
import { forkBundle } from './ipc';
import type { PbxToTeamsResult } from './pbx-to-teams';
import { progress } from './progress';
import { GRAPH_LATENCY_MS, type TeamsToPbxResult } from './teams-to-pbx';
import type { BenchPolicy } from './bench-world';
import type { WebhookIngestResult } from './webhook-ingest';
import { failoverReport, runFailover } from './failover';

interface Options {
  sizes: number[];
  json: boolean;
  seconds: number;
  pbx: boolean;
  lineRates: number[];
  webhookIngest: boolean;
  ingestRates: number[];
  ingestPaused: boolean;
  secondsGiven: boolean;
  policy: BenchPolicy;
  appRegistrations?: number;
  pbxAppRegistrations?: number;
  failover: boolean;
  failoverTenants: number;
  failoverUsers: number;
  leaseMs: number;
  renewMs?: number;
}

const USAGE = `npm run bench -- [options]
  --sizes 1000,10000,100000   users per Teams -> PBX phase (default: all three)
  --seconds 30                load time per phase
  --no-pbx                    skip the PBX -> Teams phase
  --line-rates 200,30         line events/s of the PBX -> Teams phase
  --preset NAME               the sync preset (default: default); the service runs with its own settings
  --debounce-ms N             override the preset's debounce (e.g. 0, to compare); otherwise the preset's own
  --webhook-ingest [--ingest-rates 500,1000,2000] [--ingest-paused]   the webhook's ingest alone
  --app-registrations N       the tenant has N app registrations (issue 12.1), each with Graph's budget of its own;
                              the PBX -> Teams phase then runs at Graph's documented 1,500/30 s per registration
  --pbx-app-registrations N   registrations for the PBX -> Teams phase only (default: --app-registrations)
  --no-teams                  skip the Teams -> PBX phases
  --failover [--failover-tenants 60] [--failover-users 1000] [--lease-ms 10000] [--renew-ms N]
                              replicas on PostgreSQL: kill -9 one, take-over times, a replica added later
  --json                      one JSON object as the last line`;

function parseArgs(argv: string[]): Options {
  const o: Options = {
    sizes: [1000, 10_000, 100_000],
    json: false,
    seconds: 30,
    pbx: true,
    lineRates: [200, 30],
    webhookIngest: false,
    ingestRates: [500, 1000, 2000],
    ingestPaused: false,
    secondsGiven: false,
    policy: {},
    failover: false,
    failoverTenants: 60,
    failoverUsers: 1000,
    leaseMs: 10_000,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') o.json = true;
    else if (a === '--no-pbx') o.pbx = false;
    else if (a === '--sizes')
      o.sizes = value()
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else if (a === '--seconds') {
      o.seconds = Number(value());
      o.secondsGiven = true;
    } else if (a === '--webhook-ingest') o.webhookIngest = true;
    else if (a === '--ingest-paused') o.ingestPaused = true;
    else if (a === '--ingest-rates') o.ingestRates = value().split(',').map(Number);
    else if (a === '--line-rates') o.lineRates = value().split(',').map(Number);
    else if (a === '--failover') o.failover = true;
    else if (a === '--failover-tenants') o.failoverTenants = Number(value());
    else if (a === '--failover-users') o.failoverUsers = Number(value());
    else if (a === '--lease-ms') o.leaseMs = Number(value());
    else if (a === '--renew-ms') o.renewMs = Number(value());
    else if (a === '--preset') o.policy.preset = value();
    else if (a === '--debounce-ms') o.policy.debounceMs = Number(value());
    else if (a === '--app-registrations') o.appRegistrations = Number(value());
    else if (a === '--pbx-app-registrations') o.pbxAppRegistrations = Number(value());
    else if (a === '--no-teams') o.sizes = [];
    else if (a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`Unknown option ${a}.\n${USAGE}`);
  }
  if (o.policy.debounceMs !== undefined && !(Number.isInteger(o.policy.debounceMs) && o.policy.debounceMs >= 0))
    throw new Error('--debounce-ms takes a whole number of milliseconds, e.g. --debounce-ms 0');
  for (const n of [o.appRegistrations, o.pbxAppRegistrations])
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 50))
      throw new Error('--app-registrations takes a whole number of registrations from 1 to 50, e.g. --app-registrations 4');
  if (o.sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error('--sizes takes whole numbers of users, e.g. --sizes 1000,10000');
  return o;
}

interface ServiceRun {
  [op: string]: (args: never) => unknown;
  teamsToPbx(o: {
    users: number;
    durationMs: number;
    ratePerSec: number;
    policy: BenchPolicy;
    appRegistrations?: number;
  }): TeamsToPbxResult;
  pbxToTeams(o: {
    users: number;
    ratesPerSec: number[];
    durationMs: number;
    policy: BenchPolicy;
    appRegistrations?: number;
  }): PbxToTeamsResult;
  webhookIngest(o: {
    users: number;
    ratesPerSec: number[];
    durationMs: number;
    paused?: boolean;
    policy: BenchPolicy;
  }): WebhookIngestResult;
}

/** The Node flags package.json's start script passes (with PB_MAX_OLD_SPACE_MB unset, its default). */
function npmStartNodeFlags(startScript: string): string[] {
  return (startScript.match(/--[\w-]+(=\S+)?/g) ?? []).map((flag) => flag.replace(/\$\{\w+:-(\w+)\}/, '$1'));
}

/** The service side of the bench, bundled like `npm start`'s dist/cli.js (one level below the root, as it must be). */
const SERVICE_BUNDLE = join(PROJECT_ROOT, 'dist', 'bench-service-run.js');

async function inFreshProcess<T>(run: (c: ReturnType<typeof forkBundle<ServiceRun>>) => Promise<T>): Promise<T> {
  // The service runs as `npm start` runs it: bundled JavaScript on plain Node with the start script's flags.
  // BENCH_SERVICE_NODE_ARGS replaces the flags (BENCH_SERVICE_NODE_ARGS= for Node's defaults). The simulators
  // keep Node's defaults: they need the room.
  const startScript = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const flags = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? npmStartNodeFlags(startScript);
  const child = forkBundle<ServiceRun>(SERVICE_BUNDLE, flags);
  try {
    return await run(child);
  } finally {
    await child.close();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '-');
const pad = (cells: string[], widths: number[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].join('\n');
}

function policyText(r: TeamsToPbxResult | undefined): string {
  if (!r) return 'no phase run';
  return `preset ${r.policy.preset}, debounce ${r.policy.debounceMs} ms ${r.policy.debounceOverridden ? '(overridden by --debounce-ms)' : "(the preset's own default; no PB_DEBOUNCE_MS override)"}`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.failover) {
    const r = await runFailover({
      tenants: o.failoverTenants,
      users: o.failoverUsers,
      leaseMs: o.leaseMs,
      renewMs: o.renewMs,
      json: o.json,
    });
    process.stdout.write(`${failoverReport(r)}\n`);
    if (o.json) process.stdout.write(`${JSON.stringify({ failover: r })}\n`);
    return;
  }
  await bundle(join(PROJECT_ROOT, 'bench', 'service-run.ts'), SERVICE_BUNDLE);
  progress(`machine: ${cpus().length} cores (shared), ${Math.round(totalmem() / 2 ** 30)} GB; Graph answer time ${GRAPH_LATENCY_MS} ms`);
  if (o.webhookIngest) return webhookIngest(o);
  const teams: TeamsToPbxResult[] = [];
  for (const users of o.sizes) {
    progress(`teams->pbx ${users}: starting`);
    teams.push(
      await inFreshProcess((c) =>
        c.call('teamsToPbx', {
          users,
          durationMs: o.seconds * 1000,
          ratePerSec: 50,
          policy: o.policy,
          appRegistrations: o.appRegistrations,
        }),
      ),
    );
  }
  let pbx: PbxToTeamsResult | undefined;
  if (o.pbx) {
    progress('pbx->teams: starting');
    pbx = await inFreshProcess((c) =>
      c.call('pbxToTeams', {
        users: 2000,
        ratesPerSec: o.lineRates,
        durationMs: 20_000,
        policy: o.policy,
        appRegistrations: o.pbxAppRegistrations ?? o.appRegistrations,
      }),
    );
  }

  const out: string[] = [];
  if (teams.length > 0)
    out.push(
      `Teams -> PBX (Graph answer time ${GRAPH_LATENCY_MS} ms, ${teams[0].appRegistrations} app registration(s), budget 1500/30 s each, polling share 50 %, ${policyText(teams[0])})`,
    );
  for (const r of teams)
    if (r.appRegistrations > 1)
      out.push(
        `per registration at ${r.users} users (requests, busiest 30 s): ${Object.values(r.graph.byApp)
          .map((a) => `${a.requests} / ${a.maxPer30s}`)
          .join(', ')}`,
      );
  out.push(
    table(
      [
        'users',
        'mapped',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'isolated p95 ms',
        'repeats %',
        'sweep ms',
        'kept ms',
        'p95-sweep ms',
        '<=500?',
        'req/30s',
        'allowed',
        'RSS MB',
        'samples',
      ],
      teams.map((r) => [
        String(r.users),
        String(r.mapped),
        ms(r.latencyMs.p50),
        ms(r.latencyMs.p95),
        ms(r.latencyMs.p99),
        ms(r.isolatedLatencyMs.p95),
        ((100 * r.repeats) / Math.max(1, r.changes)).toFixed(1),
        String(r.theoreticalSweepMs),
        String(r.observedSweepMs),
        String(r.p95MinusSweepMs),
        r.p95MinusSweepMs <= 500 ? 'yes' : 'NO',
        String(r.graph.maxPresencePer30s),
        String(r.graph.allowedPollPer30s),
        String(r.peakRssMb),
        `${r.latencyMs.samples}${r.unresolved ? ` (+${r.unresolved} lost)` : ''}`,
      ]),
    ),
  );
  out.push(
    table(
      ['users', 'mapping s', 'initial sync s', 'peak RSS MB', 'heap used MB', 'heap total MB', 'external MB'],
      teams.map((r) => [
        String(r.users),
        r.startup.mappingSeconds.toFixed(1),
        r.startup.initialSyncSeconds.toFixed(1),
        String(r.peakMemory.rssMb),
        String(r.peakMemory.heapUsedMb),
        String(r.peakMemory.heapTotalMb),
        String(r.peakMemory.externalMb),
      ]),
    ),
  );
  out.push(
    `repeats: changes made within the debounce of the same user's previous change (held until the presence settles, by design); isolated p95 leaves them out`,
  );
  for (const r of teams) {
    out.push(
      `memory by phase at ${r.users} users: ${r.phases.map((p) => `${p.phase} ${p.rssMb} MB RSS / ${p.heapUsedMb} MB heap${p.heapUsedAfterGcMb !== undefined ? ` (${p.heapUsedAfterGcMb} MB after GC)` : ''}${p.rssAnonMb !== undefined ? ` [anon ${p.rssAnonMb} / files ${p.rssFileMb} / V8 malloc ${p.v8MallocedMb} MB]` : ''}`).join('; ')}`,
    );
  }
  if (pbx) {
    out.push('');
    out.push(
      `PBX -> Teams (line event -> setPresence arriving at Graph; ${pbx.appRegistrations} registration(s) of ${pbx.budgetPer30sPerRegistration.toLocaleString('en-US')}/30 s each, 60 % for writes) over ${pbx.users} extensions; per registration (requests, busiest 30 s): ${Object.values(
        pbx.byApp,
      )
        .map((a) => `${a.requests} / ${a.maxPer30s}`)
        .join(', ')}`,
    );
    out.push(
      table(
        ['target ev/s', 'actual ev/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99<=100?', 'samples', 'write not in time'],
        pbx.rates.map((r) => [
          String(r.targetPerSec),
          String(r.lineEventsPerSec),
          ms(r.latencyMs.p50),
          ms(r.latencyMs.p95),
          ms(r.latencyMs.p99),
          ms(r.latencyMs.max),
          r.latencyMs.p99 <= 100 ? 'yes' : 'NO',
          String(r.latencyMs.samples),
          String(r.missing),
        ]),
      ),
    );
    out.push(
      `429 storm ${pbx.storm.durationMs / 1000} s from t=2 s (Retry-After ${pbx.storm.retryAfterSeconds} s), ${pbx.storm.lineEventsPerSec} line events/s: queue over time`,
    );
    out.push(
      table(
        ['t s', 'writer queued', 'users waiting', 'in flight'],
        pbx.storm.samples
          .filter((_, i) => i % 2 === 0)
          .map((s) => [s.atSeconds.toFixed(1), String(s.writerQueued), String(s.engineQueuedUsers), String(s.inFlight)]),
      ),
    );
    out.push(
      `peak queue ${pbx.storm.peakQueued}; drained ${pbx.storm.drainedAfterStormSeconds ?? 'not within 60'} s after the storm ended`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ machine: { cores: cpus().length, shared: true }, graphLatencyMs: GRAPH_LATENCY_MS, appRegistrations: o.appRegistrations ?? 1, teamsToPbx: teams, pbxToTeams: pbx })}\n`,
    );
}

async function webhookIngest(o: Options): Promise<void> {
  const seconds = o.secondsGiven ? o.seconds : 10;
  progress('webhook ingest: starting');
  // One fresh service process per rate, so each rate's peak RSS is its own.
  const runs: WebhookIngestResult[] = [];
  for (const rate of o.ingestRates)
    runs.push(
      await inFreshProcess((c) =>
        c.call('webhookIngest', { users: 1000, ratesPerSec: [rate], durationMs: seconds * 1000, paused: o.ingestPaused, policy: o.policy }),
      ),
    );
  const rates = runs.flatMap((r) => r.rates);
  const out = [
    `Webhook ingest: signed line-state events -> 202, over ${runs[0]?.users ?? 0} extensions, ${seconds} s per rate${o.ingestPaused ? ', sync paused (nothing written to Teams)' : ''}`,
    table(
      [
        'target ev/s',
        'sent ev/s',
        'taken ev/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'errors',
        'accepted',
        'reached engine',
        'lost',
        'peak RSS MB',
      ],
      rates.map((r) => [
        String(r.targetPerSec),
        String(r.sentPerSec),
        String(r.answeredPerSec),
        ms(r.latencyMs.p50),
        ms(r.latencyMs.p95),
        ms(r.latencyMs.p99),
        ms(r.latencyMs.max),
        String(r.errors),
        String(r.accepted),
        String(r.reachedEngine),
        String(r.lost),
        String(r.peakRssMb),
      ]),
    ),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ machine: { cores: cpus().length, shared: true }, webhookIngest: { users: runs[0]?.users, paused: o.ingestPaused, durationSeconds: seconds, rates } })}\n`,
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
