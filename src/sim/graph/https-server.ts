/** The simulator on the network: node:https with the committed localhost certificate, on 127.0.0.1. */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { SimRequest, SimResponse } from './sim-http';

// As source this file is in src/sim/graph/; bundled (dist/cli.js, which npm start runs) it is one level below
// the project root, and the release ships src/sim/tls beside dist/.
const TLS_DIR =
  [join(__dirname, '..', 'tls'), join(__dirname, '..', 'src', 'sim', 'tls')].find((dir) => existsSync(join(dir, 'localhost-cert.pem'))) ??
  join(__dirname, '..', 'tls');
export const SIMULATOR_CERT_FILE = join(TLS_DIR, 'localhost-cert.pem');
const KEY_FILE = join(TLS_DIR, 'localhost-key.pem');
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface SimLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningHttpsServer {
  server: Server;
  port: number;
  caCertPem: string;
  close(): Promise<void>;
}

export type Dispatch = (req: SimRequest) => { response: SimResponse; delayMs: number; drop?: boolean };

export async function startHttpsServer(port: number, dispatch: Dispatch, logger?: SimLogger): Promise<RunningHttpsServer> {
  const caCertPem = readFileSync(SIMULATOR_CERT_FILE, 'utf8');
  const pending = new Set<NodeJS.Timeout>();
  const server = createServer({ cert: caCertPem, key: readFileSync(KEY_FILE, 'utf8') }, (req, res) => {
    readBody(req)
      .then((body) => {
        const url = new URL(req.url ?? '/', 'https://localhost');
        const simReq: SimRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: flatHeaders(req),
          body,
        };
        const { response, delayMs, drop } = dispatch(simReq);
        if (drop) return void req.socket.destroy();
        logger?.debug({ method: simReq.method, path: simReq.path, status: response.status }, 'graph simulator request');
        if (delayMs <= 0) return send(res, response);
        const timer = setTimeout(() => {
          pending.delete(timer);
          send(res, response);
        }, delayMs);
        pending.add(timer);
      })
      .catch((error: unknown) => {
        logger?.error({ err: error }, 'graph simulator failed a request');
        if (!res.headersSent)
          send(res, {
            status: 500,
            headers: { 'content-type': 'application/json' },
            body: { error: { code: 'SimulatorFailure', message: String(error) } },
          });
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    caCertPem,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.destroyed) return;
  const body = response.body === undefined ? undefined : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, { ...response.headers, 'content-length': body === undefined ? 0 : Buffer.byteLength(body) });
  res.end(body);
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
