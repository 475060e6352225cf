/** Setup: app credentials and connector (secrets only go in), checks, admin consent, pausing the tenant. */
import type { Server } from 'restify';
import { parseInput, queryOf, readJson } from './request-input';
import { setupChangeSchema } from '../service/admin/setup-change-schema';
import { consentResultBodySchema, consentUrlQuerySchema } from './request-schemas';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

export function registerSetupRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;

  server.get(
    '/api/admin/status',
    route(deps, 'admin', async ({ tenantId }) => ({ status: 200, json: await admin.status(tenantId) })),
  );

  server.post(
    '/api/admin/pause',
    route(deps, 'admin', async ({ tenantId, by }) => ({ status: 200, json: { users: await admin.pause(tenantId, null, by) } })),
  );
  server.post(
    '/api/admin/resume',
    route(deps, 'admin', async ({ tenantId, by }) => ({ status: 200, json: { users: await admin.resume(tenantId, null, by) } })),
  );

  server.get(
    '/api/admin/setup',
    route(deps, 'admin', async ({ tenantId }) => ({ status: 200, json: await admin.setup(tenantId) })),
  );

  server.put(
    '/api/admin/setup',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const change = parseInput(setupChangeSchema, await readJson(req), 'body');
      return { status: 200, json: await admin.changeSetup(tenantId, change, by) };
    }),
  );

  server.post(
    '/api/admin/setup/check-permissions',
    route(deps, 'admin', async ({ tenantId }) => ({ status: 200, json: await admin.checkPermissions(tenantId) })),
  );
  server.post(
    '/api/admin/setup/test-connector',
    route(deps, 'admin', async ({ tenantId }) => ({ status: 200, json: await admin.testConnector(tenantId) })),
  );

  server.get(
    '/api/admin/setup/consent-url',
    route(deps, 'admin', async ({ tenantId, req }) => {
      const { redirectUri, state } = parseInput(consentUrlQuerySchema, queryOf(req), 'query');
      return { status: 200, json: { url: admin.adminConsentUrl(tenantId, redirectUri, state) } };
    }),
  );

  server.post(
    '/api/admin/setup/consent-result',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      await admin.recordConsent(tenantId, parseInput(consentResultBodySchema, await readJson(req), 'body'), by);
      return { status: 204 };
    }),
  );
}
