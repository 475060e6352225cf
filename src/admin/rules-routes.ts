/** The sync policy: read it with the presets, check a draft, dry-run it, save it. */
import type { Server } from 'restify';
import { parsePolicy } from '../sync/decision/policy';
import { AdminInputError } from '../service/admin/admin-service';
import { parseInput, readJson } from './request-input';
import { policyBodySchema } from './request-schemas';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

export function registerRulesRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;
  const draftOf = async (req: Parameters<typeof readJson>[0]) => parseInput(policyBodySchema, await readJson(req), 'body');

  server.get(
    '/api/admin/rules',
    route(deps, 'admin', async ({ tenantId }) => {
      return { status: 200, json: { policy: admin.policy(tenantId), presets: admin.presets() } };
    }),
  );

  // Checking a draft is pure and tenant-free: the same parser the service saves with.
  server.post(
    '/api/admin/rules/validate',
    route(deps, 'admin', async ({ req }) => {
      const result = parsePolicy(await draftOf(req));
      return { status: 200, json: result.ok ? { ok: true } : { ok: false, errors: result.errors } };
    }),
  );

  server.post(
    '/api/admin/rules/dry-run',
    route(deps, 'admin', async ({ tenantId, req }) => {
      const result = await admin.dryRun(tenantId, await draftOf(req));
      if (!result.ok) throw new AdminInputError(result.errors);
      return { status: 200, json: result };
    }),
  );

  server.put(
    '/api/admin/rules',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const result = await admin.savePolicy(tenantId, await draftOf(req), by);
      if (!result.ok) throw new AdminInputError(result.errors);
      return { status: 200, json: { ok: true, policy: result.policy } };
    }),
  );
}
