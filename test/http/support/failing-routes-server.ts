/**
 * Run as its own process (tsx) by request-failure-net.test.ts: the guarded server with routes that fail the
 * ways a handler can, outside the promise restify awaits. Prints its URL, then serves until killed.
 */
import { EventEmitter } from 'node:events';
import type { Next, Request, Response } from 'restify';
import { createGuardedServer } from '../../../src/http/http-edge';
import { createLogger } from '../../../src/logger';

const server = createGuardedServer('failing-routes', createLogger('silent'));
server.get('/ok', (_req: Request, res: Response, next: Next) => {
  res.send(200, { ok: true });
  next();
});
// An emitter with no 'error' listener, as restify's gunzip was: the error surfaces as an uncaught exception.
server.get(
  '/emitter-error',
  (_req: Request, _res: Response, _next: Next) =>
    void setImmediate(() => new EventEmitter().emit('error', new Error('secret internals: emitter'))),
);
server.get('/timer-throw', (_req: Request, _res: Response, _next: Next) => {
  setTimeout(() => {
    throw new Error('secret internals: timer');
  }, 5);
});
server.get(
  '/floating-rejection',
  (_req: Request, _res: Response, _next: Next) => void Promise.reject(new Error('secret internals: rejection')),
);
server.get('/async-throw', async () => {
  throw new Error('secret internals: async');
});
// Answered first, failing afterwards: no longer the request's failure, so the process ends as it would without the net.
server.get('/fail-after-answer', (_req: Request, res: Response, next: Next) => {
  res.once('close', () =>
    setTimeout(() => {
      throw new Error('a bug after the answer');
    }, 20),
  );
  res.send(200, { ok: true });
  next();
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
