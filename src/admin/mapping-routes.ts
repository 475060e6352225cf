/**
 * CSV files: the override mapping (preview an import, apply it all or nothing, export it), and the PBX's user
 * list for PBXes that cannot list their users themselves.
 */
import type { Server } from 'restify';
import { readCsv } from './request-input';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

export function registerMappingRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;

  // A preview changes nothing, but it is part of importing, which only an admin may do.
  server.post(
    '/api/admin/mapping/import/preview',
    route(deps, 'admin', async ({ tenantId, req }) => {
      return { status: 200, json: await admin.previewMappingImport(tenantId, await readCsv(req)) };
    }),
  );

  server.post(
    '/api/admin/mapping/import',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      return { status: 200, json: await admin.applyMappingImport(tenantId, await readCsv(req), by) };
    }),
  );

  server.post(
    '/api/admin/pbx-users/import/preview',
    route(deps, 'admin', async ({ tenantId, req }) => {
      return { status: 200, json: await admin.previewPbxUserImport(tenantId, await readCsv(req)) };
    }),
  );

  server.post(
    '/api/admin/pbx-users/import',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      return { status: 200, json: await admin.applyPbxUserImport(tenantId, await readCsv(req), by) };
    }),
  );

  server.get(
    '/api/admin/mapping/export',
    route(deps, 'admin', async ({ tenantId }) => {
      return { status: 200, csv: await admin.exportMapping(tenantId), filename: 'presence-bridge-mapping.csv' };
    }),
  );
}
