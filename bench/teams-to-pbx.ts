/**
 * Teams -> PBX at one size: random presence changes at the Graph simulator, each timed until the PBX simulator
 * receives the routing write it implies; the Graph requests used, from the simulator's own count; peak RSS.
 */
import { writeHeapSnapshot } from 'node:v8';
import { requestsPerSweep } from '../src/graph/sweep-period';
import { startBenchWorld, type BenchPolicy } from './bench-world';
import { progress } from './progress';
import { memoryAt, sampleRss, type PhaseMemory, type RssPeak } from './rss-sampler';
import { summarise, type Summary } from './stats';

export const GRAPH_LATENCY_MS = 100;
const BUDGET = 1500;
const POLL_SHARE = 0.5;

export interface TeamsToPbxResult {
  users: number;
  mapped: number;
  startup: { mappingSeconds: number; initialSyncSeconds: number };
  /** The sync settings the service ran with: the preset's own unless `--preset` / `--debounce-ms` said otherwise. */
  policy: { preset: string; debounceMs: number; debounceOverridden: boolean };
  changes: number;
  unresolved: number;
  latencyMs: Summary;
  /** Changes made within the debounce of the same user's previous change (held until settled by design). */
  repeats: number;
  /** Latency of the other changes: a change after a quiet period. */
  isolatedLatencyMs: Summary;
  /** ceil(mapped / 650) / (budget * share) * 30 s: the shortest sweep the budget allows. */
  theoreticalSweepMs: number;
  serviceSweepMs: number;
  /** Load time / sweeps completed during the load: the period the service really kept. */
  observedSweepMs: number;
  /** How long the last sweep's requests took (the sweep itself, not the pause after it). */
  lastSweepDurationMs: number;
  p95MinusSweepMs: number;
  /** App registrations of the tenant (issue 12.1). */
  appRegistrations: number;
  /** `maxPresencePer30s` counts every app together; `byApp` each one's requests and busiest window (its own budget). */
  graph: {
    maxPresencePer30s: number;
    byApp: Record<string, { requests: number; maxPer30s: number }>;
    allowedPollPer30s: number;
    budgetPer30s: number;
    byEndpoint: Record<string, number>;
  };
  peakRssMb: number;
  peakMemory: RssPeak;
  phases: PhaseMemory[];
}

export async function runTeamsToPbx(
  users: number,
  o: { durationMs: number; ratePerSec: number; policy?: BenchPolicy; appRegistrations?: number },
): Promise<TeamsToPbxResult> {
  const registrations = o.appRegistrations ?? 1;
  const label = `teams->pbx ${users}`;
  const rss = sampleRss();
  const world = await startBenchWorld({
    label,
    users,
    latencyMs: GRAPH_LATENCY_MS,
    presenceLimitPer30s: BUDGET,
    policy: o.policy,
    appRegistrations: registrations,
    env: {
      PB_GRAPH_BUDGET_PER_30S: String(BUDGET),
      PB_POLL_BUDGET_SHARE: String(POLL_SHARE),
      // The lowest floor the settings allow, so the budget (not the floor) sets the sweep period.
      PB_POLL_MIN_PERIOD_MS: '100',
    },
  });
  try {
    await world.sims.call('resetGraphStats', undefined);
    progress(`${label}: ${o.ratePerSec} Teams changes/s for ${o.durationMs / 1000} s`);
    const pollerStats = () => world.service.runtimes.get(world.tenantId)!.poller.stats();
    const sweepsBefore = pollerStats().sweeps;
    const loadStarted = Date.now();
    const { preset, debounceMs } = world.service.admin.policy(world.tenantId);
    progress(
      `${label}: preset ${preset}, debounce ${debounceMs} ms${o.policy?.debounceMs !== undefined ? ' (overridden)' : " (the preset's own)"}`,
    );
    const load = await world.sims.call('teamsLoad', {
      ratePerSec: o.ratePerSec,
      durationMs: o.durationMs,
      drainMs: 30_000,
      repeatWithinMs: debounceMs,
    });
    const observedSweepMs = Math.round((Date.now() - loadStarted) / Math.max(1, pollerStats().sweeps - sweepsBefore));
    const graph = await world.sims.call('graphWindow', undefined);
    const byApp = await world.sims.call('graphByApp', undefined);
    const pool = world.service.runtimes.get(world.tenantId)!.connection.pool;
    for (const m of pool.all())
      progress(
        `${label}: registration ${m.id}: ${pool.health(m.id).health}${pool.health(m.id).problem ? ` (${pool.health(m.id).problem!.message})` : ''}, ${pool.use(m.id).pollRequests} poll requests`,
      );
    const theoreticalSweepMs = (requestsPerSweep(world.mapped) / (BUDGET * POLL_SHARE * registrations)) * 30_000;
    const latencyMs = summarise(load.samples);
    const isolatedLatencyMs = summarise(load.isolatedSamples);
    const poller = pollerStats();
    world.phases.push(memoryAt('after the load'));
    // BENCH_HEAP_SNAPSHOT=<dir>: what the service keeps, for `npx tsx bench/heap-summary.ts <file>`.
    if (process.env.BENCH_HEAP_SNAPSHOT)
      progress(`${label}: heap snapshot ${writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}/service-${users}.heapsnapshot`)}`);
    progress(
      `${label}: p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms, p99 ${latencyMs.p99} ms over ${latencyMs.samples} changes; ${load.repeats} within ${debounceMs} ms of the user's previous one (isolated p95 ${isolatedLatencyMs.p95} ms)`,
    );
    return {
      users,
      mapped: world.mapped,
      startup: world.startup,
      policy: { preset, debounceMs, debounceOverridden: o.policy?.debounceMs !== undefined },
      changes: load.changes,
      unresolved: load.unresolved,
      latencyMs,
      repeats: load.repeats,
      isolatedLatencyMs,
      theoreticalSweepMs: Math.round(theoreticalSweepMs),
      serviceSweepMs: poller.sweepPeriodMs,
      observedSweepMs,
      lastSweepDurationMs: poller.lastSweepDurationMs ?? 0,
      p95MinusSweepMs: Math.round(latencyMs.p95 - theoreticalSweepMs),
      phases: world.phases,
      appRegistrations: registrations,
      graph: {
        maxPresencePer30s: graph.maxPresencePer30s,
        byApp,
        allowedPollPer30s: BUDGET * POLL_SHARE * registrations,
        budgetPer30s: BUDGET,
        byEndpoint: graph.byEndpoint,
      },
      ...((peak) => ({ peakRssMb: peak.rssMb, peakMemory: peak }))(rss.stop()),
    };
  } finally {
    await world.close();
  }
}
