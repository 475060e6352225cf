/**
 * A local stand-in for Asterisk's ARI, built from the documented REST API and event models (docs.asterisk.org,
 * "Asterisk REST Interface": Devicestates, Applications, Endpoints, Events). It covers what the connector uses:
 * - HTTP basic auth or `api_key=user:pass`; a refusal is 401 `{"message":"Authentication required"}`.
 * - PUT /deviceStates/{name}?deviceState=: 204; 409 "Uncontrolled device specified" unless the name starts
 *   with "Stasis:"; 404 "Device name is missing"; 400 for a value outside the documented list.
 * - POST/DELETE /applications/{app}/subscription?eventSource=deviceState:X[,..]: 404 while the app has no
 *   WebSocket, 400 without eventSource, 422 for a source the fake is told does not exist.
 * - GET /endpoints/{tech}, GET /asterisk/info, GET /asterisk/ping, GET /deviceStates/{name}.
 * - The events WebSocket at /events?app=..&subscribeAll=..; DeviceStateChanged to subscribed apps.
 * It listens on 127.0.0.1 only (plain HTTP, or HTTPS/WSS with `tls`) and can be stopped and started again on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { listenOnLoopback } from '../helpers/listen-on-loopback';

const SETTABLE = ['NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'];

export interface AriFakeEndpoint {
  resource: string;
  state: 'online' | 'offline' | 'unknown';
  channel_ids?: string[];
}

export interface AriFakeOptions {
  username?: string;
  password?: string;
  technology?: string;
  endpoints?: AriFakeEndpoint[];
  now?: () => number;
  /** Serve https:// and wss:// with this certificate, as Asterisk does with `tlsenable = yes` in http.conf. */
  tls?: { certPem: string; keyPem: string };
}

export interface AriFakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

interface FakeApp {
  sockets: Set<WebSocket>;
  subscribeAll: boolean;
  deviceNames: Set<string>;
}

export class AriFake {
  readonly requests: AriFakeRequest[] = [];
  readonly devices = new Map<string, string>();
  readonly endpoints: AriFakeEndpoint[];
  /** Device names for which a subscription answers 422 "Event source does not exist". */
  readonly missingEventSources = new Set<string>();
  username: string;
  password: string;
  port = 0;
  /** false: GET /asterisk/ping is never answered (a hung Asterisk whose sockets stay open). */
  answerPings = true;
  private readonly technology: string;
  private readonly now: () => number;
  private readonly tls: AriFakeOptions['tls'];
  private readonly apps = new Map<string, FakeApp>();
  private server: Server | TlsServer | undefined;
  private wss: WebSocketServer | undefined;

  constructor(options: AriFakeOptions = {}) {
    this.username = options.username ?? 'bridge';
    this.password = options.password ?? 's3cret';
    this.technology = options.technology ?? 'PJSIP';
    this.endpoints = options.endpoints ?? [];
    this.now = options.now ?? Date.now;
    this.tls = options.tls;
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}/ari`;
  }

  async start(): Promise<void> {
    const wss = new WebSocketServer({ noServer: true });
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    const server = this.tls ? createTlsServer({ cert: this.tls.certPem, key: this.tls.keyPem }, handler) : createServer(handler);
    server.on('upgrade', (req, socket, head) => this.upgrade(wss, req, socket, head));
    this.port = await listenOnLoopback(server, this.port);
    this.server = server;
    this.wss = wss;
  }

  /** Like an Asterisk shutdown: every socket drops and every application and its subscriptions are gone. */
  async stop(): Promise<void> {
    for (const app of this.apps.values()) for (const socket of app.sockets) socket.terminate();
    this.apps.clear();
    this.wss?.close();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** A phone changes state: DeviceStateChanged goes to every app subscribed to it (or to all events). */
  setDeviceState(name: string, state: string): void {
    this.devices.set(name, state);
    const event = {
      type: 'DeviceStateChanged',
      timestamp: ariTimestamp(this.now()),
      device_state: { name, state },
      asterisk_id: '02:42:ac:11:00:02',
    };
    for (const [appName, app] of this.apps) {
      if (!app.subscribeAll && !app.deviceNames.has(name)) continue;
      const text = JSON.stringify({ ...event, application: appName });
      for (const socket of app.sockets) socket.send(text);
    }
  }

  /** Sends any text to every socket of an app (for malformed-message tests). */
  sendRaw(appName: string, text: string): void {
    for (const socket of this.apps.get(appName)?.sockets ?? []) socket.send(text);
  }

  connectedApps(): string[] {
    return [...this.apps.keys()];
  }

  subscriptions(appName: string): string[] {
    return [...(this.apps.get(appName)?.deviceNames ?? [])].sort();
  }

  routingRequests(): AriFakeRequest[] {
    return this.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/ari/deviceStates/'));
  }

  private authorised(req: IncomingMessage, query: URLSearchParams): boolean {
    const expected = `${this.username}:${this.password}`;
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      return Buffer.from(header.slice(6), 'base64').toString('utf8') === expected;
    }
    return query.get('api_key') === expected;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
    if (!this.authorised(req, url.searchParams)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Asterisk REST Interface"');
      return send(res, 401, { message: 'Authentication required' });
    }
    const path = url.pathname;
    if (method === 'GET' && path === '/ari/asterisk/ping') {
      if (!this.answerPings) return; // left hanging, as a hung Asterisk would
      return send(res, 200, { asterisk_id: '02:42:ac:11:00:02', ping: 'pong', timestamp: ariTimestamp(this.now()) });
    }
    if (method === 'GET' && path === '/ari/asterisk/info') {
      return send(res, 200, {
        build: { os: 'Linux', kernel: '6.1.0', machine: 'x86_64', options: '', date: '2024-01-01', user: 'root' },
        system: { version: '20.5.0', entity_id: '02:42:ac:11:00:02' },
        config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
        status: { startup_time: ariTimestamp(this.now()), last_reload_time: ariTimestamp(this.now()) },
      });
    }
    if (path.startsWith('/ari/deviceStates')) return this.deviceStates(method, path, url.searchParams, res);
    const subscription = /^\/ari\/applications\/([^/]+)\/subscription$/.exec(path);
    if (subscription) return this.subscription(method, decodeURIComponent(subscription[1]), url.searchParams, res);
    const endpoints = /^\/ari\/endpoints\/([^/]+)$/.exec(path);
    if (method === 'GET' && endpoints) {
      if (decodeURIComponent(endpoints[1]).toLowerCase() !== this.technology.toLowerCase()) {
        return send(res, 404, { message: 'No Endpoints found - invalid tech' });
      }
      return send(
        res,
        200,
        this.endpoints.map((e) => ({
          technology: this.technology,
          resource: e.resource,
          state: e.state,
          channel_ids: e.channel_ids ?? [],
        })),
      );
    }
    send(res, 404, { message: 'Resource not found' });
  }

  private deviceStates(method: string, path: string, query: URLSearchParams, res: ServerResponse): void {
    const name = decodeURIComponent(path.slice('/ari/deviceStates/'.length));
    if (method === 'GET') {
      if (path === '/ari/deviceStates') {
        const controlled = [...this.devices].filter(([n]) => n.toLowerCase().startsWith('stasis:'));
        return send(
          res,
          200,
          controlled.map(([n, state]) => ({ name: n, state })),
        );
      }
      return send(res, 200, { name, state: this.devices.get(name) ?? 'INVALID' });
    }
    if (method !== 'PUT') return send(res, 405, { message: 'Method not allowed' });
    if (!name) return send(res, 404, { message: 'Device name is missing' });
    const state = query.get('deviceState');
    if (!state) return send(res, 400, { message: 'Missing required parameter deviceState' });
    if (!SETTABLE.includes(state)) return send(res, 400, { message: 'Invalid parameter value: deviceState' });
    if (!name.toLowerCase().startsWith('stasis:')) return send(res, 409, { message: 'Uncontrolled device specified' });
    this.setDeviceState(name, state);
    res.statusCode = 204;
    res.end();
  }

  private subscription(method: string, appName: string, query: URLSearchParams, res: ServerResponse): void {
    const app = this.apps.get(appName);
    if (!app) return send(res, 404, { message: 'Application not found' });
    const sources = (query.get('eventSource') ?? '').split(',').filter(Boolean);
    if (!sources.length) return send(res, 400, { message: 'Missing parameter eventSource' });
    const names: string[] = [];
    for (const source of sources) {
      const match = /^deviceState:(.+)$/.exec(source);
      if (!match || this.missingEventSources.has(match[1])) {
        return send(res, 422, { message: 'Event source does not exist' });
      }
      names.push(match[1]);
    }
    if (method === 'POST') names.forEach((n) => app.deviceNames.add(n));
    else if (method === 'DELETE') {
      if (names.some((n) => !app.deviceNames.has(n))) {
        return send(res, 409, { message: 'Application not subscribed to event source' });
      }
      names.forEach((n) => app.deviceNames.delete(n));
    } else return send(res, 405, { message: 'Method not allowed' });
    send(res, 200, {
      name: appName,
      channel_ids: [],
      bridge_ids: [],
      endpoint_ids: [],
      device_names: [...app.deviceNames],
    });
  }

  private upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ method: 'WS', path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ari/events') return refuse('404 Not Found');
    if (!this.authorised(req, url.searchParams)) return refuse('401 Unauthorized');
    const appName = url.searchParams.get('app');
    if (!appName) return refuse('400 Bad Request');
    const subscribeAll = ['true', 'yes', '1'].includes((url.searchParams.get('subscribeAll') ?? '').toLowerCase());
    wss.handleUpgrade(req, socket, head, (ws) => {
      const app = this.apps.get(appName) ?? { sockets: new Set(), subscribeAll, deviceNames: new Set() };
      app.subscribeAll = subscribeAll;
      app.sockets.add(ws);
      this.apps.set(appName, app);
      ws.on('close', () => {
        app.sockets.delete(ws);
        if (app.sockets.size === 0 && this.apps.get(appName) === app) this.apps.delete(appName);
      });
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** ARI writes `2024-05-04T10:20:30.123+0000`. */
export function ariTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
