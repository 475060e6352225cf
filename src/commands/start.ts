/** `presence-bridge start` / `demo`: run the service until SIGINT or SIGTERM. */
import type { CommandIo } from './command-io';
import { loadSettings, redactedSettings } from '../config';
import { createLogger } from '../logger';
import { startService } from '../main';
import type { TraceEntry } from '../sync/types';

export async function startCommand(io: CommandIo, options: { forceDemo: boolean }): Promise<number> {
  const settings = loadSettings(io.env, options);
  const logger = createLogger(settings.logLevel);
  if (settings.mode === 'demo') {
    io.out(
      options.forceDemo
        ? 'Demo mode: simulated Microsoft Graph/Entra ID and a simulated PBX, SQLite store in ' + settings.dataDir + '/.'
        : 'No tenant configured (PB_TENANT_ID is not set): starting in DEMO MODE with a simulated Microsoft Graph/Entra ID and a simulated PBX.\n' +
            'To sync a real tenant, set PB_TENANT_ID, PB_CLIENT_ID, PB_CLIENT_SECRET, PB_SECRET_KEY and the PB_PBX_* settings (see README.md).',
    );
  }
  logger.info({ settings: redactedSettings(settings) }, 'starting');

  const names = new Map<string, string>();
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  const printDecision = (entry: TraceEntry) => {
    if (settings.mode !== 'demo' || entry.outcome !== 'applied' || !service) return;
    const name = names.get(entry.userId) ?? entry.userId;
    const arrow = entry.direction === 'teamsToPbx' ? 'Teams -> PBX' : 'PBX -> Teams';
    const what = entry.actions
      .map((a) =>
        a.kind === 'setRouting'
          ? `PBX ${a.extension} ${a.state}`
          : a.kind === 'setTeamsSession'
            ? `Teams ${a.presence.availability}/${a.presence.activity}`
            : a.kind,
      )
      .join(', ');
    io.out(`  ${arrow}  ${name.padEnd(28)} ${entry.event}  =>  ${what}`);
  };
  // SIGTERM/SIGINT from the start on (as PID 1 in a container, Node without a handler would ignore SIGTERM); a
  // running service drains below.
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  service = await startService(settings, { logger, onDecision: printDecision });
  const tenantId = [...service.runtimes.keys()][0];
  if (tenantId)
    for (const u of await service.store.directory.listUsers(tenantId)) names.set(u.id, u.displayName ?? u.userPrincipalName ?? u.id);

  // A multi-tenant deployment may start with no tenant set up yet.
  const running = tenantId
    ? `tenant ${tenantId}`
    : service.runtimes.size === 0 && settings.allowNewTenants
      ? 'no tenant set up yet: admins set theirs up in the tab'
      : 'no tenant running';
  io.out(`\nPresenceBridge is running on ${service.url} (${settings.mode} mode, ${running})`);
  io.out(`  health:   ${service.url}/readyz (every part; liveness: /healthz)`);
  if (service.leases) io.out(`  replica:  ${service.leases.replicaId} (runs its share of the tenants; the others' requests are relayed)`);
  io.out(`  metrics:  ${service.url}/metrics`);
  io.out('  users:    npm run cli -- users        explain one user: npm run cli -- explain <user principal name>');
  if (service.demo) {
    const d = service.demo;
    io.out(
      `  simulated Graph: ${d.graph.url} (${settings.demo.users} people, ${settings.demo.changesPerMinute} presence changes a minute)`,
    );
    io.out(`  simulated PBX:   ${d.pbx.url}  (state of one extension: ${d.pbx.url}/state/<extension>)`);
    io.out('Teams presence changes flowing to the PBX are printed below. Ctrl+C stops.\n');
    // Names are known once the first directory refresh has run.
    setTimeout(async () => {
      for (const u of await service!.store.directory.listUsers(tenantId)) names.set(u.id, u.displayName ?? u.userPrincipalName ?? u.id);
    }, 3000).unref();
  }

  await stopRequested;
  io.out('Stopping...');
  await service.stop();
  return 0;
}
