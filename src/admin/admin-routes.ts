/**
 * The admin tab's HTTP API (src/admin/README.md): every route authenticates the Teams SSO token, works on
 * the caller's tenant only, and delegates to the AdminService.
 */
import type { Server } from 'restify';
import type { AdminRouteDeps } from './admin-route-deps';
import { registerAppRegistrationRoutes } from './app-registration-routes';
import { registerAuditRoutes } from './audit-routes';
import { createJobRegistry, type JobRegistry } from './job-registry';
import { registerJobRoutes } from './job-routes';
import { registerMappingRoutes } from './mapping-routes';
import { registerRulesRoutes } from './rules-routes';
import { registerSetupRoutes } from './setup-routes';
import { registerUserRoutes } from './users-routes';

export interface AdminRoutes {
  jobs: JobRegistry;
}

export function registerAdminRoutes(server: Server, deps: AdminRouteDeps): AdminRoutes {
  const jobs =
    deps.jobs ??
    createJobRegistry({
      clock: deps.clock,
      onUnexpectedError: (err, job) => deps.logger.error({ err, ...job }, 'admin job failed'),
    });
  registerSetupRoutes(server, deps);
  registerAppRegistrationRoutes(server, deps);
  registerUserRoutes(server, deps);
  registerMappingRoutes(server, deps);
  registerJobRoutes(server, deps, jobs);
  registerRulesRoutes(server, deps);
  registerAuditRoutes(server, deps);
  return { jobs };
}
