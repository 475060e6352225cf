/**
 * `npm run bench -- --failover [--failover-tenants 60] [--failover-users 1000] [--lease-ms 10000]`
 * Tenants spread over replicas sharing PostgreSQL: three replica processes (`presence-bridge start` on the
 * TypeScript sources, as the scenario test runs them) share the machine's PostgreSQL and run the tenants (one
 * Graph simulator holding every tenant, one PBX simulator per tenant, all in this process). Once every tenant
 * runs, one replica is killed with SIGKILL. For each of its tenants, one Teams change is made right after the kill;
 * its take-over time is from the kill to the moment that change reaches the tenant's PBX carrying a newer
 * fencing token (the tenant runs again elsewhere, end to end). Then a fourth replica starts: the time until it runs
 * its quota, and until every tenant runs on exactly one replica again. It also counts writes refused by the
 * simulators for a stale fencing token, and changes that never arrived (a lost final state).
 * Not a test: it reports what it measured and asserts nothing.
 */
import { cpus, totalmem } from 'node:os';
import { quotaOf } from '../src/service/leases/fair-share';
import { startReplicaCluster, type ReplicaCluster } from '../test/scenarios/harness/replica-cluster';
import { progress } from './progress';
import { summarise, type Summary } from './stats';

export interface FailoverOptions {
  tenants: number;
  users: number;
  leaseMs: number;
  renewMs?: number;
  json: boolean;
}

export interface FailoverResult {
  machine: string;
  tenants: number;
  usersPerTenant: number;
  leaseMs: number;
  renewMs: number;
  /** From the first replica's start until every tenant ran on exactly one of the three. */
  initialSpreadMs: number;
  orphans: number;
  /** Kill -> the tenant runs on a survivor (its /readyz lists it, polled every 250 ms), per orphaned tenant. */
  runningAgainMs: Summary;
  runningAgainWithin10s: number;
  /** Kill -> the change made after the kill reaches the PBX with a newer token, per orphaned tenant. */
  takeoverMs: Summary;
  takeoverWithin10s: number;
  /** Orphaned tenants whose change had not arrived when the bench gave up waiting. */
  notArrived: number;
  /** Kill -> every tenant on exactly one survivor (leases and /readyz agree). */
  allRunningAgainMs: number;
  /** The added replica: its process start -> it runs its quota; and -> every tenant on exactly one of the four. */
  joinQuota: number;
  joinShareMs: number;
  /** The same from its start line ("PresenceBridge is running"): without the process's own start-up. */
  joinShareFromRunningMs: number;
  joinSettledMs: number;
  staleWritesRefused: { pbx: number; graph: number };
}

const count = (spreadOf: Map<string, string>, name: string) => [...spreadOf.values()].filter((n) => n === name).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * tenant -> replica name, when every tenant runs on exactly one of `names` (their /readyz) with a live lease and
 * each of them runs floor or ceil of tenants / replicas (the share is settled).
 */
async function spread(cluster: ReplicaCluster, names: string[]): Promise<Map<string, string> | undefined> {
  const byTenant = new Map<string, string[]>();
  for (const name of names) {
    const { body } = await cluster.readiness(name);
    for (const { tenantId } of body.tenants) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), name]);
  }
  if (byTenant.size !== cluster.tenants.length || [...byTenant.values()].some((r) => r.length !== 1)) return undefined;
  const counts = names.map((n) => [...byTenant.values()].filter((r) => r[0] === n).length);
  const even = cluster.tenants.length / names.length;
  if (counts.some((c) => c < Math.floor(even) || c > Math.ceil(even))) return undefined;
  const leases = await cluster.leases();
  if (leases.length !== cluster.tenants.length || leases.some((l) => !l.live)) return undefined;
  return new Map([...byTenant].map(([t, [n]]) => [t, n]));
}

export async function runFailover(o: FailoverOptions): Promise<FailoverResult> {
  const renewMs = o.renewMs ?? Math.round(o.leaseMs / 3);
  const machine = `${cpus().length} cores (shared), ${Math.round(totalmem() / 2 ** 30)} GB`;
  progress(`failover: ${o.tenants} tenants of ${o.users} users, lease ${o.leaseMs} ms, renew ${renewMs} ms; ${machine}`);
  const cluster = await startReplicaCluster({
    tenants: o.tenants,
    usersPerTenant: o.users,
    env: { PB_LEASE_MS: String(o.leaseMs), PB_LEASE_RENEW_MS: String(renewMs), PB_POLL_MIN_PERIOD_MS: '1000' },
  });
  try {
    const t0 = Date.now();
    await Promise.all(['a', 'b', 'c'].map((n) => cluster.start(n)));
    const three = await until('every tenant on one of three replicas', () => spread(cluster, ['a', 'b', 'c']), 600_000, 500);
    const initialSpreadMs = Date.now() - t0;
    progress(`failover: ${o.tenants} tenants spread over a, b, c in ${initialSpreadMs} ms`);
    // Every tenant mapped (its first directory refresh done) before anything is measured.
    const mapped = new Map<string, { userId: string; extension: string }[]>();
    for (const t of cluster.tenants)
      mapped.set(
        t.tenantId,
        await until(
          `tenant ${t.tenantId} mapped`,
          async () => {
            const m = await cluster.mapping(t.tenantId);
            return m.length > 0 ? m : undefined;
          },
          600_000,
          500,
        ),
      );
    await sleep(o.leaseMs); // a quiet lease period: every replica past its first rounds

    const victim = ['a', 'b', 'c'].sort((x, y) => count(three, y) - count(three, x))[0];
    const orphans = [...three].filter(([, n]) => n === victim).map(([t]) => t);
    const tokens = new Map((await cluster.leases()).map((l) => [l.tenantId, l.token]));
    const arrived = new Map<string, number>();
    const unsubscribe: Array<() => void> = [];
    const killedAt = Date.now();
    await cluster.kill(victim);
    for (const tenantId of orphans) {
      const t = cluster.tenants.find((x) => x.tenantId === tenantId)!;
      const target = mapped.get(tenantId)![0];
      unsubscribe.push(
        t.pbx.onRoutingWrite((record) => {
          const newest = t.pbx.stats().fencing.newest ?? 0;
          if (record.extension === target.extension && record.state === 'dnd' && newest > tokens.get(tenantId)! && !arrived.has(tenantId))
            arrived.set(tenantId, Date.now() - killedAt);
        }),
      );
      t.teams.setUserPresence(target.userId, 'DoNotDisturb', 'DoNotDisturb');
    }
    const survivors = ['a', 'b', 'c'].filter((n) => n !== victim);
    const runningAgain = new Map<string, number>();
    await until(
      'every orphan running on a survivor',
      async () => {
        for (const name of survivors)
          for (const { tenantId } of (await cluster.readiness(name)).body.tenants)
            if (orphans.includes(tenantId) && !runningAgain.has(tenantId)) runningAgain.set(tenantId, Date.now() - killedAt);
        return runningAgain.size === orphans.length ? true : undefined;
      },
      300_000,
      250,
    );
    await until('every tenant on one survivor', () => spread(cluster, survivors), 300_000, 100);
    const allRunningAgainMs = Date.now() - killedAt;
    await until('every orphan change arrived', async () => (arrived.size === orphans.length ? true : undefined), 300_000, 250).catch(
      () => undefined,
    );
    for (const u of unsubscribe) u();
    const takeovers = [...arrived.values()];
    progress(`failover: ${arrived.size}/${orphans.length} orphaned tenants wrote again; all running again after ${allRunningAgainMs} ms`);

    const joinStart = Date.now();
    await cluster.start('d');
    const runningAt = Date.now();
    const live = await until(
      'd in the heartbeat list',
      async () => {
        const ids = await cluster.liveReplicas();
        return ids.length === 3 ? ids : undefined;
      },
      60_000,
    );
    const dId = (await cluster.readiness('d')).body.replica!.id;
    const joinQuota = quotaOf(dId, live, o.tenants);
    await until(
      'd runs its quota',
      async () => ((await cluster.readiness('d')).body.tenants.length >= joinQuota ? true : undefined),
      300_000,
      100,
    );
    const joinShareMs = Date.now() - joinStart;
    const joinShareFromRunningMs = Date.now() - runningAt;
    await until('every tenant on one of the three', () => spread(cluster, [...survivors, 'd']), 300_000, 100);
    const joinSettledMs = Date.now() - joinStart;

    const staleWritesRefused = {
      pbx: cluster.tenants.reduce((s, t) => s + t.pbx.stats().fencing.refusedStale, 0),
      graph: cluster.tenants.reduce((s, t) => s + t.teams.fencing().refusedStale, 0),
    };
    return {
      machine,
      tenants: o.tenants,
      usersPerTenant: o.users,
      leaseMs: o.leaseMs,
      renewMs,
      initialSpreadMs,
      orphans: orphans.length,
      runningAgainMs: summarise([...runningAgain.values()]),
      runningAgainWithin10s: [...runningAgain.values()].filter((v) => v <= 10_000).length,
      takeoverMs: summarise(takeovers),
      takeoverWithin10s: takeovers.filter((v) => v <= 10_000).length,
      notArrived: orphans.length - arrived.size,
      allRunningAgainMs,
      joinQuota,
      joinShareMs,
      joinShareFromRunningMs,
      joinSettledMs,
      staleWritesRefused,
    };
  } finally {
    await cluster.close();
  }
}

export function failoverReport(r: FailoverResult): string {
  const t = r.takeoverMs;
  return [
    `Failover (${r.tenants} tenants of ${r.usersPerTenant} users, 3 replicas, lease ${r.leaseMs} ms, renew ${r.renewMs} ms; ${r.machine})`,
    `  initial spread over 3 replicas: ${r.initialSpreadMs} ms`,
    `  kill -9 of one replica: ${r.orphans} tenants orphaned; running again on a survivor (kill -> its /readyz lists the tenant):`,
    `    p50 ${r.runningAgainMs.p50} ms, p95 ${r.runningAgainMs.p95} ms, max ${r.runningAgainMs.max} ms; within 10 s: ${r.runningAgainWithin10s}/${r.orphans}`,
    `  end to end (kill -> a Teams change made just after the kill reaches the PBX with a newer token):`,
    `    p50 ${t.p50} ms, p95 ${t.p95} ms, p99 ${t.p99} ms, max ${t.max} ms; within 10 s: ${r.takeoverWithin10s}/${r.orphans}; never arrived: ${r.notArrived}`,
    `  every tenant on exactly one survivor: ${r.allRunningAgainMs} ms after the kill`,
    `  a replica added later: runs its quota of ${r.joinQuota} ${r.joinShareMs} ms after its process started (${r.joinShareFromRunningMs} ms after its start line); all tenants settled on 3 replicas after ${r.joinSettledMs} ms`,
    `  writes refused for a stale fencing token: PBX ${r.staleWritesRefused.pbx}, Graph ${r.staleWritesRefused.graph}`,
  ].join('\n');
}
