/**
 * A PBX on 127.0.0.1 for tests, the demo and the benchmark: the receiving end of the webhook connector
 * (signed routing writes), a users list, and phones whose calls produce signed line-state events.
 *
 *   POST /routing            signed {extension, state, at, fencingToken?} -> 204 (401 bad signature, 400 bad body, 404 unknown
 *                            extension, 409 a fencing token older than the newest seen: see ../fencing-ledger.ts)
 *   GET  /users              signed, empty body                       -> 200 PbxUser[], each with its lineState and lineStateAt
 *   GET  /state/:extension   unsigned, for tests                      -> 200 {extension, line, routing}
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { pause, systemClock, type Clock } from '../sim-clock';
import { ROUTING_STATES, type LineState, type PbxUser, type RoutingState } from './webhook-contract';
import { headerValue, signatureRefusal } from './webhook-signature';
import { PbxSimulatorError } from './errors';
import { createLineEventSender, type LineEventDelivery } from './line-event-sender';
import { createFaultSwitch, type PbxFault } from './sim-faults';
import { FencingLedger, type FencingSnapshot } from '../fencing-ledger';
import { createSimLines, type ExtensionState, type LineRecord, type RoutingRecord } from './sim-lines';

export interface PbxSimulatorOptions {
  users: PbxUser[];
  secret: string;
  /** Where line-state events go (the service's line-state webhook route). */
  lineStateWebhookUrl?: string;
  /** 0 or omitted: any free port. */
  port?: number;
  /** Report routing DND back as line state, as real PBXes do, so the engine's echo suppression is exercised. */
  echoRoutingAsLineState?: boolean;
  /** The users list carries each extension's present line state (default true): a PBX that can say, on request. */
  usersReportLineState?: boolean;
  clock?: Clock;
  toleranceSeconds?: number;
}

export interface PbxSimStats {
  routingWritesReceived: number;
  /** Refused for a bad signature, a bad body or an unknown extension. */
  routingWritesRefused: number;
  lineEventsSent: number;
  lineEventsFailed: number;
  extensions: Record<string, ExtensionState>;
  /** Routing writes by fencing token (this simulator is one tenant's PBX). */
  fencing: FencingSnapshot;
}

/** The result of a phone action: the new line state and how its event was delivered. */
export interface LineChange {
  line: LineRecord;
  delivery: LineEventDelivery;
}

export interface PbxSimulator {
  readonly url: string;
  readonly routingUrl: string;
  readonly usersUrl: string;
  /** A call comes in: idle -> ringing. */
  placeCall(extension: string): Promise<LineChange>;
  /** ringing -> onCall. */
  answer(extension: string): Promise<LineChange>;
  /** onCall -> held -> onCall. */
  hold(extension: string): Promise<LineChange>;
  /** The call becomes a conference (a third party joins): onCall or held -> conference. */
  joinConference(extension: string): Promise<LineChange>;
  /** ringing, onCall, held or conference -> idle. */
  hangUp(extension: string): Promise<LineChange>;
  /** DND set on the phone itself: idle <-> dnd. */
  setDnd(extension: string, on: boolean): Promise<LineChange>;
  /** The phone unregisters (offline) or comes back (idle). */
  setOnline(extension: string, online: boolean): Promise<LineChange>;
  setUsers(users: PbxUser[]): void;
  setLineStateWebhookUrl(url: string | undefined): void;
  setEchoRoutingAsLineState(on: boolean): void;
  setFault(fault: PbxFault): void;
  state(extension: string): ExtensionState;
  stats(): PbxSimStats;
  routingHistory(extension?: string): RoutingRecord[];
  lineHistory(extension?: string): LineRecord[];
  /** Called for every accepted routing write, after it was recorded. Returns an unsubscribe function. */
  onRoutingWrite(listener: (record: RoutingRecord) => void): () => void;
  /** Resolves when the extension's routing state is `state` (at once if it already is). */
  waitForRouting(extension: string, state: RoutingState, timeoutMs?: number): Promise<RoutingRecord>;
  /** Resolves once every line event sent so far (echoes included) has been answered. */
  settled(): Promise<void>;
  /** Stops listening and cuts open connections; calling it again does nothing. */
  close(): Promise<void>;
}

const routingBodySchema = z.object({
  extension: z.string().min(1),
  state: z.enum(ROUTING_STATES),
  at: z.number(),
  fencingToken: z.number().int().nonnegative().optional(),
});

const MAX_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

// Not chained: restify, once loaded in the process, replaces writeHead with one that returns nothing.
function answer(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Which line state a PBX would report after being told `routing`, or undefined to leave the line alone. */
export function echoedLineState(routing: RoutingState, line: LineState): LineState | undefined {
  if (routing === 'dnd' && line === 'idle') return 'dnd';
  if (routing !== 'dnd' && line === 'dnd') return 'idle';
  return undefined;
}

export async function startPbxSimulator(options: PbxSimulatorOptions): Promise<PbxSimulator> {
  const clock = options.clock ?? systemClock;
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const lines = createSimLines(options.users, clock);
  const faults = createFaultSwitch();
  const sender = createLineEventSender({ secret: options.secret, url: options.lineStateWebhookUrl, clock });
  const listeners = new Set<(record: RoutingRecord) => void>();
  const pending = new Set<Promise<unknown>>();
  let echo = options.echoRoutingAsLineState ?? false;
  const fencing = new FencingLedger();
  const counters = { routingWritesReceived: 0, routingWritesRefused: 0, lineEventsSent: 0, lineEventsFailed: 0 };

  async function emitLine(record: LineRecord): Promise<LineEventDelivery> {
    const delivery = sender.send(record).then((result) => {
      if (result.sent) {
        const ok = result.status !== 'failed' && result.status < 300;
        if (ok) counters.lineEventsSent += 1;
        else counters.lineEventsFailed += 1;
      }
      return result;
    });
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
    return delivery;
  }

  async function changeLine(extension: string, from: readonly LineState[], to: LineState, action: string): Promise<LineChange> {
    const current = lines.get(extension).line.state;
    if (!from.includes(current)) {
      throw new PbxSimulatorError(`Cannot ${action} on extension ${extension}: its line is ${current} (needs ${from.join(' or ')}).`);
    }
    const line = lines.setLine(extension, to);
    // A phone reports changes only: setting DND twice sends one event.
    if (!line) return { line: { ...lines.get(extension).line }, delivery: { sent: false, reason: `line already ${to}` } };
    return { line, delivery: await emitLine(line) };
  }

  function usersList(): unknown[] {
    if (options.usersReportLineState === false) return lines.users();
    return lines.users().map((user) => {
      const { line } = lines.get(user.extension);
      return { ...user, lineState: line.state, lineStateAt: line.at };
    });
  }

  function verify(request: IncomingMessage, raw: Buffer, response: ServerResponse): boolean {
    const refusal = signatureRefusal(request.headers, raw, options.secret, clock.now(), toleranceSeconds);
    if (!refusal) return true;
    answer(response, 401, { error: refusal.problem, message: refusal.message });
    return false;
  }

  async function handleRouting(request: IncomingMessage, response: ServerResponse, raw: Buffer): Promise<void> {
    if (!verify(request, raw, response)) {
      counters.routingWritesRefused += 1;
      return;
    }
    if (headerValue(request.headers, 'X-PresenceBridge-Event') === 'ping') return answer(response, 204);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      counters.routingWritesRefused += 1;
      return answer(response, 400, { error: 'malformedJson', message: 'The body is not JSON.' });
    }
    const parsed = routingBodySchema.safeParse(json);
    if (!parsed.success) {
      counters.routingWritesRefused += 1;
      const issue = parsed.error.issues[0];
      return answer(response, 400, { error: 'badBody', message: `${issue.path.join('.')}: ${issue.message}` });
    }
    const { extension, state, at, fencingToken } = parsed.data;
    if (!lines.has(extension)) {
      counters.routingWritesRefused += 1;
      return answer(response, 404, { error: 'unknownExtension', message: `No extension ${extension} on this PBX.` });
    }
    if (!fencing.admit(fencingToken)) {
      counters.routingWritesRefused += 1;
      return answer(response, 409, {
        error: 'staleFencingToken',
        message: `Fencing token ${fencingToken} is older than ${fencing.snapshot().newest}, already seen: a newer writer runs this tenant.`,
      });
    }
    counters.routingWritesReceived += 1;
    const record = lines.recordRouting(extension, state, at);
    answer(response, 204);
    for (const listener of listeners) listener(record);
    if (echo) {
      const target = echoedLineState(state, lines.get(extension).line.state);
      const line = target && lines.setLine(extension, target);
      if (line) void emitLine(line);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fault = faults.take();
    if (fault.kind === 'down') {
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'slow') await pause(fault.delayMs);
    if (fault.kind === 'error') {
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      return answer(response, fault.status, { error: 'simulatedFault', message: `Simulated PBX failure ${fault.status}.` }, headers);
    }
    const raw = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://pbx.sim').pathname;
    if (request.method === 'POST' && path === '/routing') return handleRouting(request, response, raw);
    if (request.method === 'GET' && path === '/users') {
      if (verify(request, raw, response)) answer(response, 200, usersList());
      return;
    }
    const stateMatch = /^\/state\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && stateMatch) {
      const extension = decodeURIComponent(stateMatch[1]);
      if (!lines.has(extension))
        return answer(response, 404, { error: 'unknownExtension', message: `No extension ${extension} on this PBX.` });
      return answer(response, 200, { extension, ...lines.get(extension) });
    }
    answer(response, 404, { error: 'notFound', message: `No route ${request.method} ${path}.` });
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof BodyTooLarge)
        answer(response, 413, { error: 'tooLarge', message: `Bodies are limited to ${MAX_BODY_BYTES} bytes.` });
      else answer(response, 500, { error: 'internal', message: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    routingUrl: `${url}/routing`,
    usersUrl: `${url}/users`,
    placeCall: (ext) => changeLine(ext, ['idle'], 'ringing', 'place a call'),
    answer: (ext) => changeLine(ext, ['ringing'], 'onCall', 'answer'),
    hold: async (ext) => changeLine(ext, ['onCall', 'held'], lines.get(ext).line.state === 'held' ? 'onCall' : 'held', 'hold'),
    joinConference: (ext) => changeLine(ext, ['onCall', 'held'], 'conference', 'join a conference'),
    hangUp: (ext) => changeLine(ext, ['ringing', 'onCall', 'held', 'conference'], 'idle', 'hang up'),
    setDnd: (ext, on) => (on ? changeLine(ext, ['idle', 'dnd'], 'dnd', 'set DND') : changeLine(ext, ['dnd', 'idle'], 'idle', 'clear DND')),
    setOnline: (ext, online) =>
      online
        ? changeLine(ext, ['offline', 'idle'], 'idle', 'bring the phone online')
        : changeLine(ext, ['idle', 'dnd', 'ringing', 'onCall', 'held', 'conference', 'offline'], 'offline', 'take the phone offline'),
    setUsers: (users) => lines.setUsers(users),
    setLineStateWebhookUrl: (next) => sender.setUrl(next),
    setEchoRoutingAsLineState: (on) => {
      echo = on;
    },
    setFault: (fault) => faults.set(fault),
    state(ext) {
      const { line, routing } = lines.get(ext);
      return { line: { ...line }, routing: routing && { ...routing } };
    },
    stats: () => ({ ...counters, extensions: lines.snapshot(), fencing: fencing.snapshot() }),
    routingHistory: (ext) => lines.routingHistory(ext),
    lineHistory: (ext) => lines.lineHistory(ext),
    onRoutingWrite(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForRouting(extension, state, timeoutMs = 5_000) {
      const current = lines.get(extension).routing;
      if (current?.state === state) return Promise.resolve(current);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new PbxSimulatorError(
              `Extension ${extension} did not get routing ${state} within ${timeoutMs} ms (it has ${lines.get(extension).routing?.state ?? 'none'}).`,
            ),
          );
        }, timeoutMs);
        timer.unref();
        const listener = (record: RoutingRecord) => {
          if (record.extension !== extension || record.state !== state) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(record);
        };
        listeners.add(listener);
      });
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
