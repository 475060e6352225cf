/**
 * The lease keeper against an in-memory lease table with the database's semantics (a claim wins only on a free
 * or expired lease and raises the token; renew answers only what is still held) and a clock the test moves.
 * The real statements run against PostgreSQL in test/store/tenant-leases.test.ts and the whole thing with
 * three processes in test/scenarios/replicas-postgres.test.ts.
 */
import { createLogger } from '../../../src/logger';
import { LeaseKeeper } from '../../../src/service/leases/lease-keeper';
import { WriteFence, type TenantLeaseRepository } from '../../../src/store/tenant-leases';

const LEASE_MS = 3000;

function fakeDatabase(tenantIds: string[]) {
  const clock = { t: 0 };
  const rows = new Map<string, { holder?: string; token: number; expiresAt: number }>();
  const replicas = new Map<string, { url: string; expiresAt: number }>();
  const repositoryFor = (): TenantLeaseRepository => ({
    fence: new WriteFence(),
    async heartbeat(r, ms) {
      replicas.set(r.replicaId, { url: r.internalUrl, expiresAt: clock.t + ms });
      return [...replicas]
        .filter(([, v]) => v.expiresAt > clock.t)
        .map(([replicaId, v]) => ({ replicaId, internalUrl: v.url }))
        .sort((a, b) => a.replicaId.localeCompare(b.replicaId));
    },
    async leave(id) {
      replicas.delete(id);
    },
    async list() {
      return tenantIds.map((tenantId) => {
        const row = rows.get(tenantId);
        return { tenantId, holder: row?.holder, token: row?.token ?? 0, live: Boolean(row?.holder && row.expiresAt > clock.t) };
      });
    },
    async claim(tenantId, replicaId, ms) {
      const row = rows.get(tenantId);
      if (row?.holder && row.expiresAt > clock.t) return undefined;
      const token = (row?.token ?? 0) + 1;
      rows.set(tenantId, { holder: replicaId, token, expiresAt: clock.t + ms });
      return token;
    },
    async renew(replicaId, ids, ms) {
      const renewed = new Map<string, number>();
      for (const id of ids) {
        const row = rows.get(id);
        if (row?.holder === replicaId) {
          row.expiresAt = clock.t + ms;
          renewed.set(id, row.token);
        }
      }
      return renewed;
    },
    async release(tenantId, replicaId) {
      const row = rows.get(tenantId);
      if (row?.holder === replicaId) rows.set(tenantId, { token: row.token, expiresAt: clock.t });
    },
  });
  return { clock, rows, repositoryFor };
}

function keeperOn(db: ReturnType<typeof fakeDatabase>, replicaId: string, events: string[]) {
  const running = new Set<string>();
  const keeper = new LeaseKeeper({
    leases: db.repositoryFor(),
    tenants: {
      start: async (id) => void (running.add(id), events.push(`${replicaId} start ${id}`)),
      stop: async (id) => void (running.delete(id), events.push(`${replicaId} stop ${id}`)),
      get: (id) => running.has(id),
    },
    replicaId,
    internalUrl: `http://${replicaId}`,
    leaseMs: LEASE_MS,
    renewMs: 1000,
    logger: createLogger('silent'),
    now: () => db.clock.t,
  });
  return { keeper, running };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a replica alone runs every tenant; a second one gets its share, given up by the first before it is released', async () => {
  const db = fakeDatabase(['t1', 't2', 't3', 't4']);
  const events: string[] = [];
  const a = keeperOn(db, 'a', events);
  await a.keeper.tick();
  await settle();
  expect([...a.running].sort()).toEqual(['t1', 't2', 't3', 't4']);

  const b = keeperOn(db, 'b', events);
  await b.keeper.tick(); // b is seen; nothing free yet
  await a.keeper.tick(); // a gives two up: stopped, then released
  await b.keeper.tick(); // b claims them
  await settle();
  expect([a.running.size, b.running.size]).toEqual([2, 2]);
  for (const id of b.running) {
    expect(a.keeper.tokenOf(id)).toBeUndefined();
    expect(b.keeper.tokenOf(id)).toBe(2);
    expect(events.indexOf(`a stop ${id}`)).toBeLessThan(events.indexOf(`b start ${id}`));
  }
});

test('fencing: no token once the lease may have lapsed; a taken-over tenant is stopped and its token never comes back', async () => {
  const db = fakeDatabase(['t1']);
  const events: string[] = [];
  const a = keeperOn(db, 'a', events);
  await a.keeper.tick();
  await settle();
  expect(a.keeper.tokenOf('t1')).toBe(1);

  db.clock.t += LEASE_MS; // a stalled (a long pause, a cut network): its lease is over by its own clock too
  expect(a.keeper.tokenOf('t1')).toBeUndefined();

  const b = keeperOn(db, 'b', events);
  await b.keeper.tick(); // a's heartbeat and lease expired: b takes t1 with a higher token
  await settle();
  expect(b.keeper.tokenOf('t1')).toBe(2);

  await a.keeper.tick(); // a learns at its renewal that t1 is gone
  expect(a.running.has('t1')).toBe(false);
  expect(a.keeper.tokenOf('t1')).toBeUndefined();
  expect(events).toEqual(['a start t1', 'b start t1', 'a stop t1']);
});

test('a clean stop gives every lease up, so the others take the tenants at their next round', async () => {
  const db = fakeDatabase(['t1', 't2']);
  const a = keeperOn(db, 'a', []);
  const b = keeperOn(db, 'b', []);
  await a.keeper.tick();
  await b.keeper.tick();
  await a.keeper.tick();
  await b.keeper.tick();
  await settle();
  expect([a.running.size, b.running.size]).toEqual([1, 1]);
  await a.keeper.stop();
  await b.keeper.tick();
  await settle();
  expect([...b.running].sort()).toEqual(['t1', 't2']);
});
