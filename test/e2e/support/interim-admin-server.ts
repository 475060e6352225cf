/**
 * INTERIM, until src/main.ts serves the admin API itself: the real admin routes over the running service's
 * AdminService, the demo token route and the tab's files, on a second loopback port.
 */
import { resolve } from 'node:path';
import restify from 'restify';
import { registerAdminRoutes, registerDemoTokenRoute, registerTabRoutes, createLocalTokenIssuer, createSsoValidator } from '../../../src/admin';
import { createLogger } from '../../../src/logger';
import type { Service } from '../../../src/main';

export async function startInterimAdminServer(service: Service): Promise<{ url: string; close(): Promise<void> }> {
  const clientId = service.demo!.credentials.clientId;
  const issuer = await createLocalTokenIssuer({ clientId });
  const auth = createSsoValidator({ clientId, keys: issuer.keys, tenantServed: (t) => service.tenants.ids().includes(t) });
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const logger = createLogger('silent');
  const { jobs } = registerAdminRoutes(server, { admin: service.admin, auth, logger });
  registerDemoTokenRoute(server, { issuer, tenantId: () => service.tenants.ids()[0], logger });
  registerTabRoutes(server, { distDir: resolve(__dirname, '../../../tab/dist') });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await jobs.idle();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
