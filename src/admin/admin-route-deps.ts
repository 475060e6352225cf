/** What every admin route file is given (its own file so that the route files and admin-routes.ts do not import each other). */
import type { Logger } from '../logger';
import type { AdminService } from './admin-service';
import type { JobRegistry } from './job-registry';
import type { SsoValidator } from './sso-validator';

export interface AdminRouteDeps {
  admin: AdminService;
  auth: SsoValidator;
  logger: Logger;
  clock?: { now(): number };
  /** Default: a new in-memory registry. */
  jobs?: JobRegistry;
}
