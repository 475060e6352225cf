/**
 * Sync latency per tenant and direction over the last hour, one bucket a minute: what the Status chart draws
 * and the bot's "status" quotes. Each bucket keeps a bounded sample, so memory stays flat under any load.
 */
import type { LatencyPoint, LatencySummary } from './admin/admin-service';
import type { Direction } from '../sync/types';

const MINUTE = 60_000;
const BUCKETS = 60;
const SAMPLES_PER_BUCKET = 512;

interface Bucket {
  minute: number;
  samples: Record<Direction, number[]>;
  seen: Record<Direction, number>;
}

export function summarise(samples: readonly number[]): LatencySummary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50Ms: at(0.5), p95Ms: at(0.95), count: sorted.length };
}

export class LatencyHistory {
  private readonly tenants = new Map<string, Bucket[]>();

  record(tenantId: string, direction: Direction, latencyMs: number, now: number): void {
    const minute = Math.floor(now / MINUTE) * MINUTE;
    let buckets = this.tenants.get(tenantId);
    if (!buckets) this.tenants.set(tenantId, (buckets = []));
    let last = buckets[buckets.length - 1];
    if (!last || last.minute !== minute) {
      last = { minute, samples: { teamsToPbx: [], pbxToTeams: [] }, seen: { teamsToPbx: 0, pbxToTeams: 0 } };
      buckets.push(last);
      while (buckets.length > BUCKETS) buckets.shift();
    }
    const seen = ++last.seen[direction];
    const samples = last.samples[direction];
    // Reservoir sampling: every latency of the minute has the same chance to be in the bounded sample.
    if (samples.length < SAMPLES_PER_BUCKET) samples.push(latencyMs);
    else {
      const slot = Math.floor(Math.random() * seen);
      if (slot < SAMPLES_PER_BUCKET) samples[slot] = latencyMs;
    }
  }

  /** The last hour: one point per minute that saw writes, and the summary over all of them. */
  lastHour(tenantId: string, now: number): { teamsToPbx?: LatencySummary; pbxToTeams?: LatencySummary; history: LatencyPoint[] } {
    const since = now - BUCKETS * MINUTE;
    const buckets = (this.tenants.get(tenantId) ?? []).filter((b) => b.minute >= since);
    const all = (d: Direction) => buckets.flatMap((b) => b.samples[d]);
    return {
      teamsToPbx: summarise(all('teamsToPbx')),
      pbxToTeams: summarise(all('pbxToTeams')),
      history: buckets.map((b) => ({
        at: b.minute,
        teamsToPbx: summarise(b.samples.teamsToPbx),
        pbxToTeams: summarise(b.samples.pbxToTeams),
      })),
    };
  }
}
