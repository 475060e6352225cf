/**
 * Demo mode only: GET /api/demo/token?role=admin|user (&userId=<oid> for a plain user of the demo directory) hands
 * the tab's local mode a token from the local issuer, for the demo tenant. Answers only requests straight from this
 * machine (http/local-caller.ts: not through a proxy, not for another host name); never register it outside demo mode.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../logger';
import { GLOBAL_ADMINISTRATOR_ROLE } from './admin-roles';
import type { LocalTokenIssuer } from './local-token-issuer';
import { parseInput, queryOf } from './request-input';
import { sendError } from './route-kit';
import { RequestError } from './request-errors';
import { notDirectlyLocal } from '../http/local-caller';

export interface DemoIdentity {
  oid: string;
  upn: string;
  name: string;
}

export interface DemoTokenRouteDeps {
  issuer: LocalTokenIssuer;
  /** The demo tenant (known once the demo environment runs). */
  tenantId: () => string;
  logger: Logger;
  admin?: DemoIdentity;
  user?: DemoIdentity;
}

export const DEMO_ADMIN: DemoIdentity = { oid: '00000000-0000-4000-8000-00000000ad01', upn: 'admin@contoso.demo', name: 'Demo Admin' };
export const DEMO_USER: DemoIdentity = { oid: '00000000-0000-4000-8000-00000000a5e1', upn: 'user@contoso.demo', name: 'Demo User' };

const querySchema = z
  .object({
    role: z.enum(['admin', 'user'], { error: 'must be admin or user' }).default('admin'),
    /** A plain user of the demo directory to sign in as (their object id), e.g. to try "My trace". */
    userId: z
      .string()
      .regex(/^[0-9A-Za-z-]{1,64}$/, { error: 'must be a user object id from the demo directory' })
      .optional(),
  })
  .refine((q) => q.userId === undefined || q.role === 'user', {
    error: 'is only for role=user (admins are the demo admin)',
    path: ['userId'],
  });

class NotLoopbackError extends RequestError {
  readonly code = 'notFound';
  readonly status = 404;
  constructor() {
    // Looks like any unknown route to a remote caller.
    super('There is no such route.', 'check the address: the admin API lives under /api/admin/.', {});
  }
}

export function registerDemoTokenRoute(server: Server, deps: DemoTokenRouteDeps): void {
  server.get('/api/demo/token', async (req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    try {
      const refused = notDirectlyLocal(req.socket.remoteAddress, req.headers);
      if (refused) {
        deps.logger.warn(
          { reason: refused },
          `demo token refused: ${refused}. Demo tokens are handed only to a browser on this machine that opens the service directly.`,
        );
        throw new NotLoopbackError();
      }
      const { role, userId } = parseInput(querySchema, queryOf(req), 'query');
      const plain = deps.user ?? DEMO_USER;
      const who = role === 'admin' ? (deps.admin ?? DEMO_ADMIN) : userId ? { ...plain, oid: userId } : plain;
      const tenantId = deps.tenantId();
      const token = await deps.issuer.sign({
        tid: tenantId,
        oid: who.oid,
        upn: who.upn,
        name: who.name,
        wids: role === 'admin' ? [GLOBAL_ADMINISTRATOR_ROLE] : [],
      });
      res.send(200, { token, tenantId, role, upn: who.upn });
    } catch (err) {
      sendError(req, res, err, deps.logger);
    }
  });
}
