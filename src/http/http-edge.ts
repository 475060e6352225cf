/**
 * The restify server with the protections every route shares: a request's failure stays that request's,
 * encoded bodies are refused before routing, and slow or silent connections are closed.
 */
import restify, { type Server } from 'restify';
import type { Logger } from '../logger';
import { applyHttpTimeouts, DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http-timeouts';
import { refuseEncodedBodies } from './refuse-encoded-bodies';
import { answerRequestFailures, installRequestFailureNet, runInRequestScope } from './request-failure-net';

export function createGuardedServer(name: string, logger: Logger, timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS): Server {
  // restify 12 takes a function here as its alternative to domains; its typings still say boolean.
  const server = restify.createServer({ name, handleUncaughtExceptions: runInRequestScope as unknown as boolean });
  answerRequestFailures(server, logger);
  installRequestFailureNet(server.server, logger);
  applyHttpTimeouts(server.server, timeouts);
  server.pre(refuseEncodedBodies);
  return server;
}
