/**
 * One tenant's moving parts, wired together: presence polling into the engine, line state from the PBX
 * connector into the engine, and directory refreshes that decide who is synced. The engine decides;
 * this file only connects.
 */
import { fetchTeamsPhoneNumbers, fetchUserDelta, PresencePoller, type TenantConnection } from '../../graph';
import {
  refreshDirectory,
  type DirectoryAlert,
  type DirectoryRefreshResult,
  type MappingEntry,
  type MatchStrategy,
  type RefreshProgress,
} from '../../identity';
import type { Logger } from '../../logger';
import type { ServiceMetrics } from '../../metrics';
import type { PbxConnector } from '../../pbx/connector';
import type { Store } from '../../store/store';
import type { SyncEngine } from '../../sync/engine';
import type { Clock, Scheduler } from '../../time/clock';
import { reassertAfterStart } from './start-up-reassert';
import { pollingHealth } from './polling-health';
import { createRepeatedWarning } from './repeated-warning';

export interface TenantRuntimeOptions {
  tenantId: string;
  connection: TenantConnection;
  connector: PbxConnector;
  engine: SyncEngine;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  metrics: ServiceMetrics;
  poll: { share: number; minPeriodMs: number };
  directory: { strategies: readonly MatchStrategy[]; maxDropShare: number };
  onAlert(alert: DirectoryAlert): void;
  /** A problem an admin should see (polling, directory), with the adapter's typed error. */
  onError(part: string, err: unknown): void;
}

export interface PartHealth {
  status: 'ok' | 'degraded' | 'down' | 'starting';
  detail?: string;
}

export interface TenantRuntime {
  readonly tenantId: string;
  readonly connector: PbxConnector;
  readonly poller: PresencePoller;
  readonly connection: TenantConnection;
  start(): Promise<void>;
  /** One directory refresh (the driver calls it; it keeps one at a time across tenants). */
  refresh(options: { acceptDrop?: boolean; fetch?: boolean; onProgress?(p: RefreshProgress): void }): Promise<DirectoryRefreshResult>;
  health(): Record<string, PartHealth>;
  lastRefresh(): DirectoryRefreshResult | undefined;
  stop(): Promise<void>;
}

export function createTenantRuntime(o: TenantRuntimeOptions): TenantRuntime {
  const { tenantId, connection, connector, engine, store, logger } = o;
  const log = logger.child({ tenantId });
  let userIds: string[] = [];
  let lastRefresh: DirectoryRefreshResult | undefined;
  let lastRefreshError: string | undefined;
  let reasserting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const sweepWarning = createRepeatedWarning(log, o.clock);

  const poller = new PresencePoller({
    tenantId,
    client: connection.client,
    pool: connection.pool,
    userIds: () => userIds,
    onEvent: (event) => engine.submit(event),
    backlog: () => engine.routingBacklog(tenantId),
    onError: (err) => {
      sweepWarning.warn({ err: err.message }, 'presence sweep failed');
      o.onError('polling', err);
    },
    clock: o.clock,
    scheduler: o.scheduler,
    share: o.poll.share,
    minPeriodMs: o.poll.minPeriodMs,
  });

  async function applyMapping(entries: readonly MappingEntry[]): Promise<void> {
    engine.setMapping(tenantId, entries);
    userIds = entries.map((e) => e.userId);
    o.metrics.mappedUsers.set({ tenant: tenantId }, entries.length);
    await connector.watch(entries.map((e) => e.extension));
  }

  async function fetchDirectoryDelta(_tenantId: string, deltaLink: string | undefined) {
    const delta = await fetchUserDelta(connection.client, deltaLink);
    // Phone numbers only serve the 'phone' strategy; a tenant without Teams Phone still syncs by the others.
    const numbers = await fetchTeamsPhoneNumbers(connection.client).catch((err: Error) => {
      log.info({ err: err.message }, 'Teams phone numbers not available; matching by number is skipped');
      return new Map<string, string>();
    });
    // Filled in place: the delta's user objects are this round's own, and a second array of 100,000 copies
    // would only add to the start-up peak.
    for (const user of delta.upserts) {
      const number = numbers.get(user.id);
      if (number !== undefined) user.teamsPhoneNumber = number;
    }
    numbers.clear();
    return delta;
  }

  const capabilities = connector.capabilities();

  return {
    tenantId,
    connector,
    poller,
    connection,

    async start() {
      await engine.load(tenantId);
      // The last good mapping syncs at once; the first refresh then brings it up to date.
      await applyMapping(await store.mappings.list(tenantId));
      await connector.start((report) => engine.submitLineReport(tenantId, report));
      // In the background: asking the PBX may take its retries, and start-up must not wait for it. Polling
      // starts once our writes are queued, so a first read does not take a lapsed session for the user's own.
      reasserting = reassertAfterStart({ tenantId, engine, connector, log, scheduler: o.scheduler })
        .catch((err: Error) => log.warn({ err: err.message }, 'start-up re-assert failed'))
        .finally(() => {
          if (!stopping) poller.start();
        });
    },

    async refresh(options) {
      try {
        const result = await refreshDirectory(
          {
            store,
            fetchDirectoryDelta,
            listPbxUsers: capabilities.listUsers && connector.listUsers ? () => connector.listUsers!() : undefined,
            clock: o.clock,
          },
          { tenantId, strategies: o.directory.strategies, maxDropShare: o.directory.maxDropShare, previous: lastRefresh, ...options },
        );
        // Kept without its match: only the summary is read later, and the match's 100,000 entries would
        // sit in memory next to the engine's own copy of the mapping until the next refresh.
        lastRefresh = { ...result, match: undefined };
        lastRefreshError = undefined;
        if (result.alert) {
          o.onAlert(result.alert);
          o.onError('directory', { code: result.alert.kind, message: result.alert.message });
        }
        // The entries just stored, in hand: listing them back from the store would only allocate them again.
        if (result.outcome === 'replaced') await applyMapping(result.match?.entries ?? (await store.mappings.list(tenantId)));
        log.info({ outcome: result.outcome, mapped: result.mapped, summary: result.summary }, 'directory refreshed');
        return result;
      } catch (err) {
        lastRefreshError = (err as Error).message;
        o.onError('directory', err);
        throw err;
      }
    },

    lastRefresh: () => lastRefresh,

    health() {
      const pollStats = poller.stats();
      const graphStats = connection.client.stats();
      const connectorHealth = connector.health();
      const parts: Record<string, PartHealth> = {
        graph:
          graphStats.pausedUntil > o.clock.now()
            ? { status: 'degraded', detail: `throttled by Graph until ${new Date(graphStats.pausedUntil).toISOString()}` }
            : { status: 'ok', detail: `${graphStats.usedInWindow}/${graphStats.budgetLimit} requests in the last 30 s` },
        polling: pollingHealth(pollStats),
        connector: {
          status:
            connectorHealth.status === 'connected'
              ? 'ok'
              : connectorHealth.status === 'starting'
                ? 'starting'
                : connectorHealth.status === 'degraded'
                  ? 'degraded'
                  : 'down',
          detail: [connector.kind, connectorHealth.detail, connectorHealth.lastError?.message].filter(Boolean).join(': '),
        },
        directory: lastRefreshError
          ? { status: 'down', detail: lastRefreshError }
          : lastRefresh?.alert
            ? { status: 'degraded', detail: lastRefresh.alert.message }
            : lastRefresh
              ? { status: 'ok', detail: `${lastRefresh.mapped} users mapped, refreshed ${new Date(lastRefresh.at).toISOString()}` }
              : { status: 'starting', detail: `${userIds.length} users mapped from the last good mapping` },
      };
      o.metrics.sweepPeriod.set({ tenant: tenantId }, pollStats.sweepPeriodMs / 1000);
      return parts;
    },

    async stop() {
      stopping = true;
      poller.stop();
      await reasserting;
      await connector.stop();
    },
  };
}
