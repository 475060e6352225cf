/**
 * `presence-bridge check`: settings, the store, token, permissions and PBX reachability, each with a plain-language
 * cause and fix. In demo mode it checks against freshly started simulators, exercising the same code.
 */
import type { CommandIo } from './command-io';
import { loadSettings, type Settings } from '../config';
import { openStore } from '../store/open-store';
import { storeSecretKey } from '../store/store-secret-key';
import type { Store } from '../store/store';
import { checkAppRegistrations } from './check-app-registrations';
import {
  checkTenantConnection,
  connectTenant,
  createTransport,
  type GraphConnectionSettings,
  type PermissionStatus,
  type TenantAppCredentials,
  type Transport,
} from '../graph';
import { realClock } from '../time/real-time';
import { createLogger } from '../logger';
import type { PbxConnector } from '../pbx/connector';
import { createConnector } from '../pbx/create-connector';
import { createWebhookConnector } from '../pbx/webhook';
import { checkPostgresDatabase } from '../store/postgres/check-database';

export async function checkCommand(io: CommandIo): Promise<number> {
  const settings = loadSettings(io.env);
  io.out('settings: valid');
  const store =
    settings.databaseUrl === undefined
      ? { ok: true, message: `SQLite file ${settings.dbPath}` }
      : await checkPostgresDatabase(settings.databaseUrl);
  io.out(`store: ${store.ok ? store.message : `FAILED: ${store.message}`}`);
  const logger = createLogger('silent');
  // The simulators are loaded in demo mode only.
  const demo =
    settings.mode === 'demo'
      ? await (
          await import('../demo/demo-environment')
        ).startDemoEnvironment({ users: 10, changesPerMinute: 0, lineStateWebhookUrl: () => 'http://127.0.0.1:9/unused' })
      : undefined;
  const transport = createTransport({ extraCaPem: demo?.graph.caCertPem ?? settings.tlsCaPem });
  try {
    let app: TenantAppCredentials;
    let connector: PbxConnector;
    let hosts = { authorityHost: settings.authorityHost, graphBaseUrl: settings.graphBaseUrl };
    if (demo) {
      io.out('demo mode: checking against the built-in simulators');
      app = { tenantId: demo.credentials.tenantId, clientId: demo.credentials.clientId, secret: demo.credentials.clientSecret };
      hosts = { authorityHost: demo.graph.url, graphBaseUrl: demo.graph.url };
      connector = createWebhookConnector({ routingUrl: demo.pbx.routingUrl, usersUrl: demo.pbx.usersUrl, secret: demo.pbxSecret });
    } else {
      const t = settings.tenant!;
      app = { tenantId: t.tenantId, clientId: t.clientId, secret: t.secret, certificate: t.certificate };
      const { previousSecret, ...pbx } = settings.pbx;
      connector = createConnector(t.tenantId, { ...pbx, previousSecret: previousSecret ? { secret: previousSecret } : undefined }, logger);
    }
    const connection = connectTenant(app, { ...hosts, budgetPer30s: settings.graph.budgetPer30s }, { transport, clock: realClock });
    const result = await checkTenantConnection({
      tenantId: app.tenantId,
      clientId: app.clientId,
      tokens: connection.tokens,
      client: connection.client,
      clock: realClock,
    });

    if (result.token.ok) io.out(`token: ok (tenant ${app.tenantId}, client ${app.clientId})`);
    else {
      const p = result.token.problem;
      io.out(`token: FAILED${p.aadsts ? ` (AADSTS${p.aadsts})` : ''}: ${p.message}${p.fix ? `\n  fix: ${p.fix}` : ''}`);
    }
    const problem = result.grants?.problem;
    if (problem) io.out(`permissions: NOT LISTED: ${problem.message}${problem.fix ? `\n  fix: ${problem.fix}` : ''}`);
    if (result.grants?.note) io.out(`permissions: ${result.grants.note}`);
    for (const perm of result.permissions) io.out(`permission ${perm.name}: ${permissionLine(perm)}`);
    if (result.probe)
      io.out(
        `Graph probe: ${result.probe.ok ? 'ok' : `FAILED: ${result.probe.detail}${result.probe.problem?.fix ? `\n  fix: ${result.probe.problem.fix}` : ''}`}`,
      );
    if (result.certificate)
      io.out(
        `certificate: expires ${result.certificate.notAfter} (${result.certificate.daysLeft} days)${result.certificate.warning ? `: ${result.certificate.warning}` : ''}`,
      );

    const pool = await checkPool(
      settings,
      app.tenantId,
      app.clientId,
      { ...hosts, budgetPer30s: settings.graph.budgetPer30s },
      transport,
      demo,
    );
    for (const line of pool.lines) io.out(line);

    const pbx = await connector.testConnection();
    io.out(`PBX (${connector.kind}): ${pbx.ok ? 'reachable' : 'NOT REACHABLE'}: ${pbx.message}`);
    const ok = store.ok && result.ok && pbx.ok && pool.ok;
    io.out(ok ? '\nAll checks passed.' : '\nSome checks failed: see the fixes above.');
    return ok ? 0 : 1;
  } finally {
    await transport.close();
    await demo?.close();
  }
}

/** The registrations the tenant added in the tab (read from the service's store; not in demo mode). */
async function checkPool(
  settings: Settings,
  tenantId: string,
  primaryClientId: string,
  connection: GraphConnectionSettings,
  transport: Transport,
  demo: unknown,
): Promise<{ lines: string[]; ok: boolean }> {
  if (demo) return { lines: [], ok: true };
  let store: Store | undefined;
  try {
    store = await openStore(settings, await storeSecretKey(settings));
    return await checkAppRegistrations({ store, tenantId, primaryClientId, connection, transport, clock: realClock });
  } catch (err) {
    return { lines: [`app registrations: not read from the store (${(err as Error).message})`], ok: true };
  } finally {
    await store?.close();
  }
}

function permissionLine(perm: PermissionStatus): string {
  const detail = perm.detail ? ` (${perm.detail})` : '';
  if (perm.state === 'granted') return `granted${perm.via ? ` (via ${perm.via})` : detail}`;
  if (perm.state === 'unverified') return `not verified${detail}`;
  const fix = perm.fix ? `\n  fix: ${perm.fix}` : '';
  return perm.optional ? `not granted (optional: ${perm.purpose})` : `MISSING (${perm.purpose})${detail}${fix}`;
}
