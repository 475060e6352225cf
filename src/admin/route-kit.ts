/**
 * What every admin route does around its few lines: authenticate, check the route's access rule, run the
 * handler with the caller's tenant, send its answer, and turn any error into a plain error answer.
 */
import type { Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../logger';
import { AuthError, NotAdminError, NotYourDataError } from './auth-errors';
import { explainedError, internalError, type ErrorAnswer } from './error-answer';
import type { Caller, SsoValidator } from './sso-validator';

export type Answer = { status: number; json?: unknown } | { status: number; csv: string; filename: string };

export interface RouteContext {
  caller: Caller;
  /** The only tenant this request may see or change. */
  tenantId: string;
  /** Who made a change, for the audit trail: the user principal name, or the object id without one. */
  by: string;
  req: Request;
}

/**
 * Who may call a route; every route names one (there is no default that lets anyone in).
 * - admin: an admin of the caller's tenant. Reads of other people's data (users, traces, mapping, status,
 *   errors, audit log) and every change.
 * - self: an admin, or the signed-in user when the route's `:userId` is their own object id ("my trace").
 * - signedIn: any signed-in user of the tenant; only for what the caller may know about themselves.
 */
export type Access = 'admin' | 'self' | 'signedIn';

export interface RouteKitDeps {
  auth: SsoValidator;
  logger: Logger;
}

/** Throws unless the caller passes the rule. Unknown rules deny. */
export function checkAccess(access: Access, caller: Caller, params: Record<string, string> | undefined): void {
  switch (access) {
    case 'signedIn':
      return;
    case 'admin':
      if (caller.isAdmin) return;
      throw new NotAdminError();
    case 'self':
      if (caller.isAdmin) return;
      if (params?.userId !== undefined && params.userId === caller.userId) return;
      throw new NotYourDataError();
    default:
      throw new NotAdminError();
  }
}

export function route(deps: RouteKitDeps, access: Access, handler: (ctx: RouteContext) => Promise<Answer>): RequestHandler {
  return async (req: Request, res: Response) => {
    res.header('cache-control', 'no-store');
    try {
      const caller = await deps.auth.validate(req.headers.authorization);
      checkAccess(access, caller, req.params as Record<string, string> | undefined);
      const answer = await handler({ caller, tenantId: caller.tenantId, by: caller.upn || caller.userId, req });
      sendAnswer(res, answer);
    } catch (err) {
      sendError(req, res, err, deps.logger);
    }
  };
}

function sendAnswer(res: Response, answer: Answer): void {
  if ('csv' in answer) {
    res.header('content-type', 'text/csv; charset=utf-8');
    res.header('content-disposition', `attachment; filename="${answer.filename}"`);
    res.sendRaw(answer.status, answer.csv);
  } else if (answer.json === undefined) {
    res.send(answer.status);
  } else {
    res.send(answer.status, answer.json);
  }
}

export function sendError(req: Request, res: Response, err: unknown, logger: Logger): void {
  const requestId = req.getId();
  let answer: ErrorAnswer | undefined = explainedError(err);
  if (answer) {
    const level = err instanceof AuthError || answer.status < 500 ? 'info' : 'warn';
    logger[level](
      { requestId, method: req.method, url: req.path(), status: answer.status, code: answer.body.error },
      'admin request refused',
    );
  } else {
    answer = internalError(requestId);
    logger.error({ requestId, method: req.method, url: req.path(), err }, 'admin request failed');
  }
  if (answer.status === 401) res.header('www-authenticate', 'Bearer error="invalid_token"');
  if (!res.headersSent) res.send(answer.status, answer.body);
}
