/** The one restify server: routes only, every handler delegates. */
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from './logger';
import { createGuardedServer } from './http/http-edge';
import type { HttpTimeouts } from './http/http-timeouts';
import { requireMediaType } from './http/require-media-type';

export interface HealthReport {
  /**
   * Answered on /readyz: ok and degraded with 200 (this replica serves every route and runs its tenants);
   * starting (routes not registered yet, or stopping) with 503 and `detail`.
   */
  status: 'ok' | 'degraded' | 'starting';
  /** Why this replica is not ready. */
  detail?: string;
  mode: 'demo' | 'tenant';
  /** Replicas sharing PostgreSQL: this replica's id and how many are alive; `tenants` are the ones it runs. */
  replica?: { id: string; liveReplicas: number };
  tenants: Array<{ tenantId: string; parts: Record<string, { status: string; detail?: string }> }>;
}

/** The raw-body answer of a framework-free handler (the webhook connector's inbound side). */
export interface RawHandlerResult {
  status: number;
  body: unknown;
}

export interface ServerRoutes {
  health(): Promise<HealthReport>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** Inbound line-state events from a PBX webhook, for one tenant. */
  lineStateWebhook?(tenantId: string, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<RawHandlerResult>;
}

export function createServer(routes: ServerRoutes, logger: Logger, options: { timeouts?: HttpTimeouts } = {}): Server {
  const server = createGuardedServer('presence-bridge', logger, options.timeouts);
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // Liveness: the process is up and its event loop answers.
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'alive' });
  });

  // Readiness: this replica serves (every route registered, its share of the tenants taken); otherwise 503 with the reason.
  server.get('/readyz', async (_req: Request, res: Response) => {
    const report = await routes.health();
    res.send(report.status === 'ok' || report.status === 'degraded' ? 200 : 503, report);
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    const m = await routes.metrics();
    res.setHeader('content-type', m.contentType);
    res.sendRaw(200, m.body);
  });

  if (routes.lineStateWebhook) {
    const handler = routes.lineStateWebhook;
    // The signature covers the exact bytes the PBX sent: read the body raw, never re-serialised JSON.
    server.post(
      '/api/pbx/:tenantId/line-state',
      requireMediaType('application/json'),
      restify.plugins.bodyReader({ maxBodySize: 64 * 1024 }),
      async (req: Request, res: Response) => {
        const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
        const result = await handler(req.params.tenantId, raw, req.headers);
        res.send(result.status, result.body);
      },
    );
  }

  return server;
}

export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const addr = server.address();
      resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${addr.port}`);
    });
  });
}
