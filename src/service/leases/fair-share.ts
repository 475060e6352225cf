/**
 * How many tenants each replica runs, and what this replica claims or gives up to get there. Pure arithmetic:
 * the lease keeper feeds it what the database says (live replicas, every tenant's lease) and acts on the plan.
 *
 * The quotas sum to the number of tenants: floor(T / R) each, plus one for the first T mod R replicas by id, so
 * no replica runs more than ceil(T / R) and a replica that joins gets a share rather than waiting for a crash.
 */
export interface LeaseView {
  tenantId: string;
  /** The replica holding a live lease, if any (an expired or released lease has none). */
  liveHolder?: string;
}

export interface LeasePlan {
  /** This replica's quota. */
  quota: number;
  /** Tenants to give up, stopped first (they are this replica's, above its quota). */
  release: string[];
  /** Free tenants to try to claim, in order (another replica may win some). */
  claim: string[];
}

/** ceil(tenants / replicas): the most any replica runs. */
export function fairShare(tenants: number, replicas: number): number {
  if (tenants <= 0) return 0;
  return Math.ceil(tenants / Math.max(1, replicas));
}

/** This replica's quota among the live replicas (sorted ids; `me` is counted even before its heartbeat shows). */
export function quotaOf(me: string, replicaIds: readonly string[], tenants: number): number {
  const ids = [...new Set([...replicaIds, me])].sort();
  const base = Math.floor(tenants / ids.length);
  return base + (ids.indexOf(me) < tenants % ids.length ? 1 : 0);
}

export function planLeases(me: string, replicaIds: readonly string[], leases: readonly LeaseView[]): LeasePlan {
  const quota = quotaOf(me, replicaIds, leases.length);
  const mine = leases.filter((l) => l.liveHolder === me).map((l) => l.tenantId);
  // A lease held by a replica whose heartbeat is gone is taken as soon as it expires; until then it is not free.
  const free = leases.filter((l) => l.liveHolder === undefined).map((l) => l.tenantId);
  if (mine.length > quota) return { quota, release: mine.sort().slice(quota), claim: [] };
  // Spread the replicas' first tries over different tenants, so that they rarely race for the same row.
  const claim = free.sort((a, b) => spread(me, a) - spread(me, b) || (a < b ? -1 : 1)).slice(0, quota - mine.length);
  return { quota, release: [], claim };
}

/** A cheap, stable hash of (replica, tenant): each replica orders the free tenants differently. */
function spread(me: string, tenantId: string): number {
  let h = 2166136261;
  for (const c of `${me}\u0000${tenantId}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
