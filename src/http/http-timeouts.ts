/**
 * Node's HTTP server waits a long time by default (headers 60 s, checked only every 30 s; idle sockets
 * forever), so a few hundred silent or slow connections hold the service's sockets and memory. These limits
 * close them early; README (HTTP limits) states the defaults.
 */
import type { Server as HttpServer } from 'node:http';

export interface HttpTimeouts {
  /** A connection must have sent its whole request head within this time (408 otherwise). */
  headersMs: number;
  /** ... and its whole request, body included. */
  requestMs: number;
  /** A socket on which nothing moves either way for this long is closed (a kept-alive one after at most 5 s). */
  idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({ headersMs: 10_000, requestMs: 60_000, idleMs: 60_000 });

/** Call before listen(): Node reads the checking interval when the server starts listening. */
export function applyHttpTimeouts(server: HttpServer, t: HttpTimeouts): void {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = Math.min(5_000, t.idleMs);
  server.timeout = t.idleMs;
  // How often Node looks for connections past headersMs/requestMs; its default (30 s) would let them overstay.
  (server as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    100,
    Math.min(2_000, Math.floor(t.headersMs / 4)),
  );
}
