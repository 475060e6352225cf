/**
 * While the service starts, the server already listens but the admin API and the
 * bot's route are not registered yet. A request that reaches it then gets 503 with Retry-After, which callers
 * retry, instead of a 404 that says the route does not exist.
 */
import type { Request, Response, Server } from 'restify';

export const NOT_READY_RETRY_AFTER_S = 2;

export function answerUnavailableUntilReady(server: Server, isReady: () => boolean): void {
  server.on('NotFound', (_req: Request, res: Response, err: { statusCode?: number; body?: unknown }, callback: () => void) => {
    if (!isReady()) {
      res.setHeader('retry-after', String(NOT_READY_RETRY_AFTER_S));
      err.statusCode = 503;
      err.body = {
        code: 'ServiceUnavailable',
        message: 'PresenceBridge is starting and this route is not ready yet. Fix: none; try again in a few seconds.',
      };
    }
    callback();
  });
}
