/**
 * The one sync engine every tenant shares, between its two writers: routing to the running tenant's PBX
 * connector (src/pbx/routing-writer.ts) and presence to Graph (src/graph/presence-writer.ts). Each write's
 * outcome is counted in the metrics; a successful one's latency goes to the Status chart, a failed one to the
 * tenant's admin.
 */
import type { ServiceMetrics } from '../../metrics';
import { createRoutingWriter, type RoutingConnector } from '../../pbx/routing-writer';
import { createSyncEngine, type SyncEngine, type WriteOutcomeInfo } from '../../sync/engine';
import type { SyncStateRepository, TeamsWriter, TraceSink } from '../../sync/ports';
import type { Clock, Scheduler } from '../../time/clock';
import type { LatencyHistory } from '../latency-history';
import { toAdminError, type RecentErrors } from '../recent-errors';
import type { PolicyBook } from './policy-book';

export interface TenantsEngineDeps {
  clock: Clock;
  scheduler: Scheduler;
  policies: Pick<PolicyBook, 'get'>;
  repository: SyncStateRepository;
  /** The running tenants' connectors, filled by the TenantManager as it starts and stops tenants. */
  connectors: { get(tenantId: string): RoutingConnector | undefined };
  teams: TeamsWriter;
  trace: TraceSink;
  metrics: Pick<ServiceMetrics, 'writes' | 'observeLatency'>;
  latency: Pick<LatencyHistory, 'record'>;
  errors: Pick<RecentErrors, 'add'>;
  /** Replicas sharing PostgreSQL: the lease token a routing write carries (see src/service/leases). */
  fencingToken?(tenantId: string): number | undefined;
}

export function createTenantsEngine(d: TenantsEngineDeps): SyncEngine {
  const routing = createRoutingWriter({
    connectors: d.connectors,
    fencingToken: d.fencingToken,
    onError: (tenantId, err) => d.errors.add(tenantId, toAdminError('connector', err, d.clock.now())),
  });
  return createSyncEngine({
    clock: d.clock,
    scheduler: d.scheduler,
    policyFor: (tenantId) => d.policies.get(tenantId),
    repository: d.repository,
    routing,
    teams: d.teams,
    trace: d.trace,
    onOutcome: (info) => recordOutcome(d, info),
  });
}

function recordOutcome(d: TenantsEngineDeps, info: WriteOutcomeInfo): void {
  d.metrics.writes.inc({ tenant: info.tenantId, side: info.direction === 'teamsToPbx' ? 'pbx' : 'teams', ok: String(info.ok) });
  if (info.ok) {
    d.metrics.observeLatency(info.tenantId, info.direction, info.latencyMs / 1000);
    d.latency.record(info.tenantId, info.direction, info.latencyMs, info.doneAt);
  } else if (info.direction === 'pbxToTeams') {
    d.errors.add(info.tenantId, { at: info.doneAt, part: 'writer', message: info.detail });
  }
}
