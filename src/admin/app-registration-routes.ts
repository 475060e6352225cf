/**
 * The app-registration pool (issue 12.1; contract and routes: src/service/admin/app-registration-views.ts).
 * Admin-only, the tenant from the caller's token; secrets go in and never come out.
 */
import type { Server } from 'restify';
import { parseInput, queryOf, readJson } from './request-input';
import { consentResultBodySchema, consentUrlQuerySchema } from './request-schemas';
import { appRegistrationChangeSchema, appRegistrationIdParam, appRegistrationInputSchema } from '../service/admin/app-registration-schema';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

const BASE = '/api/admin/app-registrations';

export function registerAppRegistrationRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;
  const idOf = (params: unknown) => parseInput(appRegistrationIdParam, (params as { id?: string } | undefined)?.id, 'id');

  server.get(
    BASE,
    route(deps, 'admin', async ({ tenantId }) => ({ status: 200, json: { registrations: await admin.appRegistrations(tenantId) } })),
  );

  server.post(
    BASE,
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const input = parseInput(appRegistrationInputSchema, await readJson(req), 'body');
      return { status: 201, json: await admin.addAppRegistration(tenantId, input, by) };
    }),
  );

  server.put(
    `${BASE}/:id`,
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const id = idOf(req.params);
      const change = parseInput(appRegistrationChangeSchema, await readJson(req), 'body');
      return { status: 200, json: await admin.changeAppRegistration(tenantId, id, change, by) };
    }),
  );

  server.del(
    `${BASE}/:id`,
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      await admin.removeAppRegistration(tenantId, idOf(req.params), by);
      return { status: 204 };
    }),
  );

  server.post(
    `${BASE}/:id/check-permissions`,
    route(deps, 'admin', async ({ tenantId, req }) => ({
      status: 200,
      json: await admin.checkAppRegistrationPermissions(tenantId, idOf(req.params)),
    })),
  );

  server.get(
    `${BASE}/:id/consent-url`,
    route(deps, 'admin', async ({ tenantId, req }) => {
      const id = idOf(req.params);
      const { redirectUri, state } = parseInput(consentUrlQuerySchema, queryOf(req), 'query');
      return { status: 200, json: { url: await admin.appRegistrationConsentUrl(tenantId, id, redirectUri, state) } };
    }),
  );

  server.post(
    `${BASE}/:id/consent-result`,
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const id = idOf(req.params);
      await admin.recordAppRegistrationConsent(tenantId, id, parseInput(consentResultBodySchema, await readJson(req), 'body'), by);
      return { status: 204 };
    }),
  );
}
