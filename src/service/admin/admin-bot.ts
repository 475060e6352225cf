/**
 * The admin bot and the alert engine behind it, started only when the bot is on. Kept out of the main
 * import graph: botbuilder brings tens of megabytes of its own dependencies that a service without a bot
 * registration should not carry.
 */
import type { Server } from 'restify';
import { createGraphAdminDirectory, demoAdminDirectory, registerBot, type RegisterBotDeps } from '../../../bot';
import type { AdminService } from './admin-service';
import { createAlertEngine, DEFAULT_CONDITION_SETTINGS } from '../../alerts';
import type { Settings } from '../../config';
import type { TenantConnections } from '../../graph';
import type { DirectoryAlert } from '../../identity';
import type { Logger } from '../../logger';
import type { Store } from '../../store/store';
import type { Clock, Scheduler } from '../../time/clock';

export interface AdminBotDeps {
  server: Server;
  settings: Readonly<Settings>;
  admin: AdminService;
  store: Store;
  connections: TenantConnections;
  logger: Logger;
  clock: Clock;
  scheduler: Scheduler;
  /** Replicas: an activity for a tenant another replica runs is relayed there (src/http/replica-forwarding.ts). */
  relay?: RegisterBotDeps['relay'];
}

export function startAdminBot(d: AdminBotDeps): { raise(alert: DirectoryAlert): void; stop(): void } {
  const bot = registerBot(d.server, {
    admin: d.admin,
    // Demo mode answers anyone on loopback; a real deployment asks Entra who is an admin.
    adminDirectory:
      d.settings.mode === 'demo'
        ? demoAdminDirectory
        : createGraphAdminDirectory({
            graphFor: (tenantId) => d.connections.get(tenantId)?.client,
            adminGroupId: () => d.settings.adminGroupId,
          }),
    store: d.store,
    logger: d.logger,
    clock: d.clock,
    appId: d.settings.bot.appId,
    appPassword: d.settings.bot.appPassword,
    appTenantId: d.settings.bot.tenantId,
    // Where the Bot Connector's signing keys are described: Bot Framework's public cloud unless set.
    openIdMetadataUrl: d.settings.bot.openIdMetadataUrl,
    relay: d.relay,
  });
  const alerts = createAlertEngine({
    admin: d.admin,
    repository: d.store.alerts!,
    sink: bot.alertSink,
    clock: d.clock,
    scheduler: d.scheduler,
    log: d.logger,
    settings: { conditions: { ...DEFAULT_CONDITION_SETTINGS, pausedAfterMs: d.settings.alerts.pausedAfterMs } },
  });
  bot.useAlertEngine(alerts);
  alerts.start();
  return {
    raise: (alert) => void alerts.raise(alert).catch((err: Error) => d.logger.error({ err: err.message }, 'alert not raised')),
    stop: () => alerts.stop(),
  };
}
