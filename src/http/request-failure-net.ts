/**
 * A failure while a request is handled becomes that request's 500 (logged with its request id), never the end
 * of the process. Restify turns a rejected async handler into an error answer by itself; what it cannot see is
 * an error thrown later in a callback or emitted by a stream without an 'error' listener (a broken gzip body
 * did that in restify's own body reader). Node attributes such an error to the async context it happened in,
 * so each request runs in its own AsyncLocalStorage scope (restify's hook for domain alternatives; domains would
 * slow every promise in the process down many times) and the process-wide 'uncaughtException' listener hands
 * an error raised inside an unanswered request back to that request.
 *
 * An error outside any request, or after its request was answered, is a bug of the service itself: the process
 * still ends as it would without this net, with the error printed, so it is seen and the service restarted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { internalError } from '../admin/error-answer';

interface RequestScope {
  /** Cleared once the response is closed: later errors in this context are no longer the request's. */
  fail?: (err: unknown) => void;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** restify's `handleUncaughtExceptions` option: runs the request's whole handler chain in its own scope. */
export function runInRequestScope(
  req: Request,
  res: Response,
  onError: (err: unknown) => void,
  next: (req: Request, res: Response) => void,
): void {
  const scope: RequestScope = { fail: onError };
  res.once('close', () => (scope.fail = undefined));
  scopes.run(scope, () => next(req, res));
}

/** The error an unanswered request failed with, as a 500 for that request alone (restify's 'uncaughtException' event). */
export function answerRequestFailures(server: Server, logger: Logger): void {
  server.on('uncaughtException', (req: Request, res: Response, _route: unknown, err: unknown, done?: () => void) => {
    sendInternalError(req, res, err, logger);
    done?.();
  });
  // restify calls every 'restifyError' listener with one callback that must run once: this is the only listener.
  // A rejected handler whose error is not one of restify's HTTP errors is answered as above, without its message.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: unknown }, next: () => void) => {
    if (typeof err.statusCode === 'number') logger.warn({ method: req.method, url: req.url, err: err.message }, 'request failed');
    else sendInternalError(req, res, err, logger);
    next();
  });
}

function sendInternalError(req: Request, res: Response, err: unknown, logger: Logger): void {
  const requestId = req.getId();
  logger.error(
    { requestId, method: req.method, url: req.path?.() ?? req.url, err },
    'request failed inside the service; answered with 500',
  );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = internalError(requestId);
  res.header('cache-control', 'no-store');
  res.header('connection', 'close');
  res.send(answer.status, answer.body);
}

let installedFor = 0;
let fatalLogger: Logger | undefined;

function onUncaught(err: unknown, origin: string): void {
  const fail = scopes.getStore()?.fail;
  if (fail) {
    fail(err);
    return;
  }
  if (process.listenerCount('uncaughtException') > 1) return; // someone else decides
  fatalLogger?.fatal({ err, origin }, 'uncaught error outside any request: the process ends');
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

/** Installs the process-wide listener while at least one server is open. */
export function installRequestFailureNet(httpServer: { once(event: 'close', listener: () => void): unknown }, logger: Logger): void {
  if (installedFor++ === 0) {
    fatalLogger = logger;
    process.on('uncaughtException', onUncaught);
  }
  httpServer.once('close', () => {
    if (--installedFor === 0) process.removeListener('uncaughtException', onUncaught);
  });
}
