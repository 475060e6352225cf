/**
 * PBX -> Teams: calls at 200 line events/s, each answered call timed from the line change to the setPresence
 * arriving at the Graph simulator; then a 429 storm with calls going on, sampling how writes queue.
 */
import { startBenchWorld, type BenchPolicy } from './bench-world';
import { progress } from './progress';
import { summarise, type Summary } from './stats';
import { GRAPH_LATENCY_MS } from './teams-to-pbx';

// 200 line events/s is ~133 Graph writes/s (set + clear per call). Graph's per-API page allows 1500 presence
// requests per 30 s (50/s) per tenant in total: no single tenant can take this rate under it. The newer
// throttling page says 10,000 / 30 s; we run this phase against that, with 60 % of it for writes (200/s).
const BUDGET = 10_000;
/** With --app-registrations: Graph's documented 1,500 per 30 s, per registration. */
const REAL_BUDGET = 1500;
const WRITE_SHARE = 0.6;

export interface QueueSample {
  atSeconds: number;
  writerQueued: number;
  engineQueuedUsers: number;
  inFlight: number;
  activeSessions: number;
}

export interface LineRateResult {
  targetPerSec: number;
  lineEventsPerSec: number;
  events: number;
  /** Line change (answer) -> setPresence arriving at the Graph simulator, for writes that arrived during the call. */
  latencyMs: Summary;
  /** Answered calls whose setPresence had not arrived when the call ended (3 s later); a queued write is then superseded by the clear. */
  missing: number;
  failures: string[];
}

export interface PbxToTeamsResult {
  users: number;
  /** Registrations and the budget per registration the phase ran with (10,000/30 s unless --app-registrations). */
  appRegistrations: number;
  budgetPer30sPerRegistration: number;
  /** Presence requests per application and each one's busiest 30 s window, counted at the simulator. */
  byApp: Record<string, { requests: number; maxPer30s: number }>;
  rates: LineRateResult[];
  storm: {
    durationMs: number;
    retryAfterSeconds: number;
    lineEventsPerSec: number;
    samples: QueueSample[];
    peakQueued: number;
    drainedAfterStormSeconds: number | null;
  };
}

export async function runPbxToTeams(o: {
  users: number;
  ratesPerSec: number[];
  durationMs: number;
  policy?: BenchPolicy;
  appRegistrations?: number;
}): Promise<PbxToTeamsResult> {
  const label = 'pbx->teams';
  const budget = o.appRegistrations !== undefined ? REAL_BUDGET : BUDGET;
  const world = await startBenchWorld({
    label,
    users: o.users,
    latencyMs: GRAPH_LATENCY_MS,
    presenceLimitPer30s: budget,
    policy: o.policy,
    appRegistrations: o.appRegistrations,
    env: {
      PB_GRAPH_BUDGET_PER_30S: String(budget),
      PB_POLL_BUDGET_SHARE: '0.2',
      PB_WRITE_BUDGET_SHARE: String(WRITE_SHARE),
      PB_POLL_MIN_PERIOD_MS: '1000',
    },
  });
  try {
    const rates: LineRateResult[] = [];
    for (const rate of o.ratesPerSec) {
      await world.service.engine.idle();
      await world.service.presenceWriter.idle();
      progress(`${label}: ${rate} line events/s for ${o.durationMs / 1000} s over ${world.mapped} extensions`);
      const load = await world.sims.call('lineLoad', {
        ratePerSec: rate,
        durationMs: o.durationMs,
        users: world.mapped,
        ringMs: 300,
        holdMs: 3000,
      });
      const latencyMs = summarise(load.samples);
      progress(
        `${label}: ${(load.events / load.seconds).toFixed(0)} events/s; setPresence p50 ${latencyMs.p50} ms, p95 ${latencyMs.p95} ms, p99 ${latencyMs.p99} ms; ${load.missing} calls ended before their write`,
      );
      rates.push({
        targetPerSec: rate,
        lineEventsPerSec: Math.round(load.events / load.seconds),
        events: load.events,
        latencyMs,
        missing: load.missing,
        failures: load.failures,
      });
    }

    // A 429 storm with calls going on: how the writes queue, and how long they take to drain.
    const storm = { durationMs: 10_000, retryAfterSeconds: 2, lineEventsPerSec: 30 };
    await world.service.engine.idle();
    await world.service.presenceWriter.idle();
    progress(
      `${label}: 429 storm of ${storm.durationMs / 1000} s (Retry-After ${storm.retryAfterSeconds} s) with ${storm.lineEventsPerSec} line events/s`,
    );
    const samples: QueueSample[] = [];
    const t0 = Date.now();
    const sample = () => {
      const w = world.service.presenceWriter.stats();
      const e = world.service.engine.stats();
      samples.push({
        atSeconds: Math.round((Date.now() - t0) / 100) / 10,
        writerQueued: w.queued,
        engineQueuedUsers: e.queuedUsers,
        inFlight: e.inFlight,
        activeSessions: w.activeSessions,
      });
    };
    const timer = setInterval(sample, 500);
    const calls = world.sims.call('lineLoad', {
      ratePerSec: storm.lineEventsPerSec,
      durationMs: 14_000,
      users: world.mapped,
      ringMs: 300,
      holdMs: 3000,
    });
    await new Promise((r) => setTimeout(r, 2000));
    const stormAt = Date.now();
    await world.sims.call('storm', { durationMs: storm.durationMs, retryAfterSeconds: storm.retryAfterSeconds });
    await calls;
    let drainedAt: number | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const w = world.service.presenceWriter.stats();
      const e = world.service.engine.stats();
      if (w.queued === 0 && e.queuedUsers === 0 && e.inFlight === 0) {
        drainedAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    sample();
    clearInterval(timer);
    const peakQueued = Math.max(...samples.map((s) => s.writerQueued + s.engineQueuedUsers));
    const drainedAfterStormSeconds = drainedAt === null ? null : Math.round((drainedAt - stormAt - storm.durationMs) / 100) / 10;
    progress(`${label}: peak queue ${peakQueued}; drained ${drainedAfterStormSeconds ?? 'not within 60'} s after the storm ended`);
    return {
      users: world.mapped,
      appRegistrations: o.appRegistrations ?? 1,
      budgetPer30sPerRegistration: budget,
      byApp: await world.sims.call('graphByApp', undefined),
      rates,
      storm: { ...storm, samples, peakQueued, drainedAfterStormSeconds },
    };
  } finally {
    await world.close();
  }
}
