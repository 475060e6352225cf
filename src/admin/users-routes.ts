/** Users: the list, one user's trace, overrides, and pausing one user. */
import type { Server } from 'restify';
import { NotFoundError } from './request-errors';
import { parseInput, queryOf, readJson } from './request-input';
import { overrideBodySchema, traceQuerySchema, userIdParam, userQuerySchema } from './request-schemas';
import { route } from './route-kit';
import type { AdminRouteDeps } from './admin-route-deps';

export function registerUserRoutes(server: Server, deps: AdminRouteDeps): void {
  const { admin } = deps;
  const userIdOf = (params: Record<string, string>) => parseInput(userIdParam, params.userId, 'userId');
  const unknownUser = (userId: string) =>
    new NotFoundError(
      'unknownUser',
      `No user with id ${userId} in this tenant.`,
      'Pick the user from the Users list (it may have left the directory).',
    );
  /** A change to one user names a user of this tenant: an id nobody has is 404, not "0 users paused". */
  const knownUserIdOf = async (tenantId: string, params: Record<string, string>) => {
    const userId = userIdOf(params);
    if (!(await admin.findUser(tenantId, userId)).some((u) => u.userId === userId)) throw unknownUser(userId);
    return userId;
  };

  // Who the tab is talking to: what a plain user's tab needs to show their own trace, and nothing of anyone else.
  server.get(
    '/api/admin/me',
    route(deps, 'signedIn', async ({ caller }) => {
      return {
        status: 200,
        json: { userId: caller.userId, userPrincipalName: caller.upn, displayName: caller.name, isAdmin: caller.isAdmin },
      };
    }),
  );

  server.get(
    '/api/admin/users',
    route(deps, 'admin', async ({ tenantId, req }) => {
      const query = parseInput(userQuerySchema, queryOf(req), 'query');
      return { status: 200, json: await admin.users(tenantId, query) };
    }),
  );

  server.get(
    '/api/admin/users/:userId/trace',
    route(deps, 'self', async ({ tenantId, caller, req }) => {
      const userId = userIdOf(req.params);
      const { limit } = parseInput(traceQuerySchema, queryOf(req), 'query');
      const user = (await admin.findUser(tenantId, userId)).find((u) => u.userId === userId);
      if (!user && !caller.isAdmin)
        throw new NotFoundError(
          'unknownUser',
          "PresenceBridge does not know you yet: you are not in its copy of your organisation's directory.",
          'It reads the directory regularly (hourly by default); if you are still missing after that, ask an admin.',
        );
      if (!user) throw unknownUser(userId);
      return { status: 200, json: { user, trace: await admin.trace(tenantId, userId, limit) } };
    }),
  );

  server.put(
    '/api/admin/users/:userId/override',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      const userId = userIdOf(req.params);
      const { extension } = parseInput(overrideBodySchema, await readJson(req), 'body');
      await admin.setOverride(tenantId, userId, extension, by);
      return { status: 204 };
    }),
  );

  server.del(
    '/api/admin/users/:userId/override',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      await admin.clearOverride(tenantId, userIdOf(req.params), by);
      return { status: 204 };
    }),
  );

  server.post(
    '/api/admin/users/:userId/pause',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      return { status: 200, json: { users: await admin.pause(tenantId, await knownUserIdOf(tenantId, req.params), by) } };
    }),
  );

  server.post(
    '/api/admin/users/:userId/resume',
    route(deps, 'admin', async ({ tenantId, by, req }) => {
      return { status: 200, json: { users: await admin.resume(tenantId, await knownUserIdOf(tenantId, req.params), by) } };
    }),
  );
}
