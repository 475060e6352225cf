/**
 * Tenants spread over three replicas of the service (each its own process) sharing one PostgreSQL database,
 * several tenants on the simulators: each tenant is run by exactly one replica; a line event sent to a replica
 * that does not run its tenant reaches the one that does; a replica started later takes its share; after
 * `kill -9` of one replica its tenants run elsewhere, the changes made meanwhile arrive (no final state lost),
 * and no routing or presence write carrying a stale fencing token ever reached a simulator.
 * No timing is asserted: every wait is "eventually", with a generous deadline.
 */
import { fairShare } from '../../src/service/leases/fair-share';
import { describeWithPostgres } from '../store/postgres-lab';
import { eventually } from './harness/eventually';
import { startReplicaCluster, type ReplicaCluster } from './harness/replica-cluster';

jest.setTimeout(240_000);

const TENANTS = 5;
const WAIT_MS = 60_000;

describeWithPostgres('tenants spread over replicas sharing one PostgreSQL database', () => {
  let cluster: ReplicaCluster;

  beforeAll(async () => {
    cluster = await startReplicaCluster({
      tenants: TENANTS,
      usersPerTenant: 12,
      // Short leases keep the test quick; nothing below depends on how long anything takes.
      env: { PB_LEASE_MS: '3000', PB_LEASE_RENEW_MS: '1000' },
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  /** Which replica runs each tenant by its own report (/readyz), and the replicas that report any. */
  async function runners(names: string[]): Promise<Map<string, string[]>> {
    const byTenant = new Map<string, string[]>();
    for (const name of names) {
      const { body } = await cluster.readiness(name);
      for (const { tenantId } of body.tenants) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), name]);
    }
    return byTenant;
  }

  /** Every tenant run by exactly one of these replicas, and each runs at most its fair share. */
  async function spreadOver(names: string[]): Promise<Map<string, string> | undefined> {
    const byTenant = await runners(names);
    if (byTenant.size !== TENANTS || [...byTenant.values()].some((r) => r.length !== 1)) return undefined;
    const counts = names.map((n) => [...byTenant.values()].filter((r) => r[0] === n).length);
    if (Math.max(...counts) > fairShare(TENANTS, names.length) || Math.min(...counts) === 0) return undefined;
    const leases = await cluster.leases();
    if (leases.length !== TENANTS || leases.some((l) => !l.live)) return undefined;
    return new Map([...byTenant].map(([tenantId, [name]]) => [tenantId, name]));
  }

  async function routesEveryTenant(label: string, state: 'dnd' | 'available'): Promise<void> {
    for (const t of cluster.tenants) {
      const [pair] = await cluster.mapping(t.tenantId);
      if (state === 'dnd') t.teams.setUserPresence(pair.userId, 'DoNotDisturb', 'DoNotDisturb');
      else t.teams.setUserPresence(pair.userId, 'Available', 'Available');
    }
    for (const t of cluster.tenants) {
      const [pair] = await cluster.mapping(t.tenantId);
      await eventually(
        `${label}: tenant ${t.tenantId} routes ${state}`,
        () => t.pbx.state(pair.extension).routing?.state === state,
        WAIT_MS,
      );
    }
  }

  test('spread, relayed, rebalanced when a replica joins, taken over after kill -9, never written with a stale token', async () => {
    await cluster.start('a');
    await cluster.start('b');
    const two = await eventually('every tenant run by exactly one of a and b', () => spreadOver(['a', 'b']), WAIT_MS);
    expect(new Set(two.values())).toEqual(new Set(['a', 'b']));
    await eventually(
      'every tenant mapped',
      async () => {
        for (const t of cluster.tenants) if ((await cluster.mapping(t.tenantId)).length === 0) return false;
        return true;
      },
      WAIT_MS,
    );
    await routesEveryTenant('two replicas', 'dnd');

    // A line event sent to the replica that does not run the tenant is relayed to the one that does.
    const [relayedTenantId, runner] = [...two].find(([, name]) => name === 'a')!;
    const relayed = cluster.tenants.find((t) => t.tenantId === relayedTenantId)!;
    const callee = (await cluster.mapping(relayed.tenantId))[2]; // not the one shown DND above (DND outranks a call)
    relayed.pbx.setLineStateWebhookUrl(`${cluster.replicas.get('b')!.url}/api/pbx/${relayed.tenantId}/line-state`);
    expect((await relayed.pbx.placeCall(callee.extension)).delivery).toMatchObject({ sent: true, status: 202 });
    expect((await relayed.pbx.answer(callee.extension)).delivery).toMatchObject({ sent: true, status: 202 });
    expect(runner).toBe('a');
    await eventually(
      'the relayed call shows in Teams',
      () => relayed.teams.presenceOf(callee.userId).availability === 'Busy',
      WAIT_MS,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}; fencing ${JSON.stringify(relayed.teams.fencing())}; a said:\n${cluster.replicas.get('a')!.output()}`,
      );
    });
    await relayed.pbx.hangUp(callee.extension);

    // A third replica joins and takes its share; the others give theirs up (stopped before released).
    await cluster.start('c');
    const three = await eventually('every tenant run by exactly one of a, b and c', () => spreadOver(['a', 'b', 'c']), WAIT_MS);
    expect(new Set(three.values())).toEqual(new Set(['a', 'b', 'c']));
    await routesEveryTenant('three replicas', 'available');

    // kill -9 the replica running the most tenants; changes made while its leases run out must still arrive.
    const victim = ['a', 'b', 'c'].sort(
      (x, y) => [...three.values()].filter((n) => n === y).length - [...three.values()].filter((n) => n === x).length,
    )[0];
    const orphans = [...three].filter(([, name]) => name === victim).map(([tenantId]) => tenantId);
    const tokensBefore = new Map((await cluster.leases()).map((l) => [l.tenantId, l.token]));
    await cluster.kill(victim);
    for (const tenantId of orphans) {
      const t = cluster.tenants.find((x) => x.tenantId === tenantId)!;
      const [, second] = await cluster.mapping(tenantId);
      t.teams.setUserPresence(second.userId, 'DoNotDisturb', 'DoNotDisturb');
    }
    const survivors = ['a', 'b', 'c'].filter((n) => n !== victim);
    const after = await eventually(`every tenant run by exactly one survivor of ${victim}`, () => spreadOver(survivors), WAIT_MS);
    for (const tenantId of orphans) {
      expect(survivors).toContain(after.get(tenantId));
      const t = cluster.tenants.find((x) => x.tenantId === tenantId)!;
      const [, second] = await cluster.mapping(tenantId);
      await eventually(
        `the change made during the take-over of ${tenantId} arrives`,
        () => t.pbx.state(second.extension).routing?.state === 'dnd',
        WAIT_MS,
      );
    }
    const tokensAfter = new Map((await cluster.leases()).map((l) => [l.tenantId, l.token]));
    for (const tenantId of orphans) expect(tokensAfter.get(tenantId)).toBeGreaterThan(tokensBefore.get(tenantId)!);
    await routesEveryTenant('after the take-over', 'dnd');

    // What every simulator saw: routing writes carried tokens, a tenant that moved shows a newer one, and no
    // write carried a token older than one already seen (the simulators would have refused and counted it).
    for (const t of cluster.tenants) {
      const pbx = t.pbx.stats().fencing;
      const graph = t.teams.fencing();
      expect(pbx.accepted).toBeGreaterThan(0);
      expect(pbx.refusedStale).toBe(0);
      expect(graph.refusedStale).toBe(0);
      expect(pbx.tokens).toEqual([...pbx.tokens].sort((x, y) => x - y));
      if (orphans.includes(t.tenantId)) expect(pbx.newest).toBe(tokensAfter.get(t.tenantId));
    }
    expect(graphAccepted(cluster)).toBeGreaterThan(0);
  });
});

function graphAccepted(cluster: ReplicaCluster): number {
  return cluster.tenants.reduce((sum, t) => sum + t.teams.fencing().accepted, 0);
}
