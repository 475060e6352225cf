/** The audit log: who changed what, when, before and after; as pages for the tab and as a CSV download. */
import type { Server } from 'restify';
import { z } from 'zod';
import { parseInput, queryOf } from './request-input';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const auditQuerySchema = z.object({
  limit: wholeNumber(1, 500).optional(),
  beforeId: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
});

export function registerAuditRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;

  server.get(
    '/api/admin/audit',
    route(deps, 'admin', async ({ tenantId, req }) => {
      return { status: 200, json: await admin.auditLog(tenantId, parseInput(auditQuerySchema, queryOf(req), 'query')) };
    }),
  );

  server.get(
    '/api/admin/audit/export',
    route(deps, 'admin', async ({ tenantId }) => {
      return { status: 200, csv: await admin.exportAuditLog(tenantId), filename: 'presence-bridge-audit.csv' };
    }),
  );
}
