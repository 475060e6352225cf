/**
 * Webhook ingest: signed line-state events posted straight at the service's webhook at each rate for a while;
 * per rate the answer time (send -> 202) percentiles, every answer that was not a 202, the service's peak RSS,
 * and whether every accepted event reached the sync engine (nothing lost between the 202 and the engine).
 */
import { startBenchWorld, type BenchPolicy } from './bench-world';
import { progress } from './progress';
import { sampleRss } from './rss-sampler';
import { summarise, type Summary } from './stats';
import { GRAPH_LATENCY_MS } from './teams-to-pbx';

export interface WebhookIngestRate {
  targetPerSec: number;
  /** Requests started per second during the load window. */
  sentPerSec: number;
  /** Accepted events per second until the last answer: what the service really took in. */
  answeredPerSec: number;
  /** Seconds from the first request to the last answer. */
  seconds: number;
  sent: number;
  accepted: number;
  /** Answers other than 202 and network errors. */
  errors: number;
  statuses: Record<string, number>;
  latencyMs: Summary;
  /** Accepted events the engine received (submitLineReport calls during the run). */
  reachedEngine: number;
  lost: number;
  peakRssMb: number;
  firstErrors: string[];
}

export interface WebhookIngestResult {
  users: number;
  paused: boolean;
  durationSeconds: number;
  rates: WebhookIngestRate[];
}

/** `paused`: the tenant's sync is paused, so events are decided and traced but nothing is written to Teams (what the ingest costs without the writes). */
export async function runWebhookIngest(o: {
  users: number;
  ratesPerSec: number[];
  durationMs: number;
  paused?: boolean;
  policy?: BenchPolicy;
}): Promise<WebhookIngestResult> {
  const label = 'webhook ingest';
  const world = await startBenchWorld({
    label,
    users: o.users,
    latencyMs: GRAPH_LATENCY_MS,
    presenceLimitPer30s: 10_000,
    policy: o.policy,
    env: { PB_GRAPH_BUDGET_PER_30S: '10000', PB_POLL_BUDGET_SHARE: '0.2', PB_WRITE_BUDGET_SHARE: '0.6', PB_POLL_MIN_PERIOD_MS: '1000' },
  });
  // Count what the webhook hands to the engine: the connector calls this method on the engine object each time.
  const engine = world.service.engine;
  const submit = engine.submitLineReport.bind(engine);
  let reached = 0;
  engine.submitLineReport = (tenantId, report) => {
    reached += 1;
    return submit(tenantId, report);
  };
  if (o.paused) engine.pause(world.tenantId, null, 'bench');
  try {
    const rates: WebhookIngestRate[] = [];
    for (const rate of o.ratesPerSec) {
      await engine.idle();
      await world.service.presenceWriter.idle();
      reached = 0;
      const rss = sampleRss(50);
      progress(`${label}: ${rate} signed events/s for ${o.durationMs / 1000} s over ${world.mapped} extensions`);
      const load = await world.sims.call('webhookLoad', { ratePerSec: rate, durationMs: o.durationMs, users: world.mapped });
      const peak = rss.stop();
      const latencyMs = summarise(load.latenciesMs.map((v) => Math.round(v * 10) / 10));
      const errors = load.sent - load.accepted;
      const r: WebhookIngestRate = {
        targetPerSec: rate,
        sentPerSec: Math.round(load.sent / load.sendSeconds),
        answeredPerSec: Math.round(load.accepted / load.seconds),
        seconds: Math.round(load.seconds * 10) / 10,
        sent: load.sent,
        accepted: load.accepted,
        errors,
        statuses: load.statuses,
        latencyMs,
        reachedEngine: reached,
        lost: load.accepted - reached,
        peakRssMb: peak.rssMb,
        firstErrors: load.firstErrors,
      };
      progress(
        `${label}: ${r.sentPerSec}/s sent, ${r.accepted} accepted (${r.answeredPerSec}/s until the last answer), ${errors} errors, p50 ${latencyMs.p50} ms p99 ${latencyMs.p99} ms, ${r.lost} lost, peak RSS ${r.peakRssMb} MB`,
      );
      rates.push(r);
    }
    return { users: world.mapped, paused: o.paused === true, durationSeconds: o.durationMs / 1000, rates };
  } finally {
    await world.close();
  }
}
