/**
 * Every replica serves every route: a request for a tenant another replica runs (a PBX's line-state webhook,
 * the admin tab's API, a bot activity) is relayed, as it came, to that replica's internal address (its heartbeat row), marked
 * with the replicas' shared secret so that it is served there and never relayed again. The receiving replica
 * checks the request in full (webhook signature, SSO token): the relay adds no trust, it only moves bytes.
 * Why an internal HTTP call rather than LISTEN/NOTIFY: src/service/README.md.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { NOT_READY_RETRY_AFTER_S } from '../not-ready-answer';

export const REPLICA_FORWARD_HEADER = 'x-presencebridge-replica-forward';

export interface ReplicaForwardingOptions {
  /** Shared by the replicas (derived from PB_SECRET_KEY unless PB_REPLICA_SECRET is set). */
  secret: string;
  /** The internal base URL of the replica running the tenant, or undefined to serve the request here. */
  ownerUrl(tenantId: string): string | undefined;
  logger: Logger;
  /** Default 5 s: a PBX retries a 503 sooner than it waits for a long relay. */
  timeoutMs?: number;
}

const WEBHOOK_PATH = /^\/api\/pbx\/([^/?]+)\/line-state(?:\?|$)/;

/** The tenant a request is for: from the webhook's path, or the `tid` of the admin API's bearer token (unverified: only to route). */
export function tenantOfRequest(url: string, headers: IncomingMessage['headers']): string | undefined {
  const webhook = WEBHOOK_PATH.exec(url);
  if (webhook) return decodeURIComponent(webhook[1]);
  if (!url.startsWith('/api/admin/')) return undefined;
  const token = /^Bearer ([\w-]+)\.([\w-]+)\.[\w-]*$/.exec(headers.authorization ?? '');
  if (!token) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token[2], 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof claims.tid === 'string' ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Relays a request whose body was already read (the bot's activity: its tenant is in the body, so the pre-handler
 * cannot route it) to the replica running `tenantId`. Resolves true when it relayed (the answer is sent), false
 * when the request is to be served here.
 */
export type ParsedRequestRelay = (req: IncomingMessage, res: ServerResponse, tenantId: string, body: unknown) => Promise<boolean>;

export function forwardToOwningReplica(server: Server, o: ReplicaForwardingOptions): ParsedRequestRelay {
  const expected = createHash('sha256').update(o.secret).digest();
  const isForwarded = (req: IncomingMessage): boolean => {
    const value = req.headers[REPLICA_FORWARD_HEADER];
    if (typeof value !== 'string') return false;
    return timingSafeEqual(createHash('sha256').update(value).digest(), expected);
  };

  server.pre((req: Request, res: Response, next: Next) => {
    const url = req.url ?? '/';
    if (isForwarded(req)) return next(); // relayed once already: served here, whatever this replica runs
    const tenantId = tenantOfRequest(url, req.headers);
    const target = tenantId === undefined ? undefined : o.ownerUrl(tenantId);
    if (!target) return next();
    relay(req, res, target + url, o).then(
      () => next(false),
      () => next(false),
    );
  });

  return async (req, res, tenantId, body) => {
    if (isForwarded(req)) return false;
    const target = o.ownerUrl(tenantId);
    if (!target) return false;
    const bytes = Buffer.from(JSON.stringify(body));
    await relay(req, res, target + (req.url ?? '/'), o, bytes);
    return true;
  };
}

/** `body`: the request's body as read already (the request stream is spent); otherwise the stream is piped on. */
function relay(req: IncomingMessage, res: ServerResponse, url: string, o: ReplicaForwardingOptions, body?: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, host: new URL(url).host, [REPLICA_FORWARD_HEADER]: o.secret, via: '1.1 presence-bridge' };
    if (body) {
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
    }
    const upstream = httpRequest(url, { method: req.method, headers, timeout: o.timeoutMs ?? 5_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', () => resolve());
    });
    upstream.on('timeout', () => upstream.destroy(new Error('no answer within the timeout')));
    upstream.on('error', (err) => {
      o.logger.warn({ url: new URL(url).origin, err: err.message }, 'relaying a request to the replica running its tenant failed');
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(NOT_READY_RETRY_AFTER_S) });
        res.end(
          JSON.stringify({
            code: 'ServiceUnavailable',
            message:
              'The replica running this tenant did not answer (it may be moving to another replica). Fix: none; try again in a few seconds.',
          }),
        );
      } else res.destroy();
      resolve();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  });
}
