/**
 * One Graph client per tenant: every Graph call of the product passes through it. Built on
 * microsoft-graph-client 3 with our own middleware chain (budget, retries, token, undici transport).
 * `customHosts` lists the configured Graph host: the library keeps tokens away from hosts it does not
 * know as Graph hosts, which would otherwise include sovereign-cloud proxies and the local simulator.
 */
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../time/clock';
import type { BackoffPolicy } from '../backoff';
import { GraphPermissionError, GraphRequestError } from './errors';
import { AuthMiddleware, RequestControl, ResilienceMiddleware, TransportMiddleware, type GraphCounters } from './graph-middleware';
import { GRAPH_BACKOFF } from './graph-retry-policy';
import { realClock, realSleep, type Sleep } from '../time/real-time';
import { grantPermissionFix, permissionForCall } from './required-permissions';
import { ThrottleBudget } from './throttle-budget';
import type { TokenProvider } from './token-provider';
import type { Transport } from './transport';

export const DEFAULT_BUDGET = { limit: 1500, windowMs: 30_000 } as const;

export interface GraphClientOptions {
  tenantId: string;
  /** e.g. https://graph.microsoft.com (no version). */
  graphBaseUrl: string;
  tokens: TokenProvider;
  transport: Transport;
  /** Requests per window for this tenant; default 1500 / 30 s (Graph's presence limit). */
  budget?: { limit: number; windowMs: number; safetyMarginMs?: number };
  /** Default GRAPH_BACKOFF; a policy without `jitter` gets Graph's equal jitter too. */
  backoff?: BackoffPolicy;
  /** Per-request timeout (default: the transport's). */
  timeoutMs?: number;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
}

export interface GraphClientStats {
  tenantId: string;
  budgetLimit: number;
  budgetWindowMs: number;
  /** Requests started within the last budget window. */
  usedInWindow: number;
  /** Callers waiting for a budget slot. */
  queued: number;
  /** When the tenant is paused by a Retry-After, until when (ms since epoch); 0 when not. */
  pausedUntil: number;
  requests: number;
  throttled: number;
  retries: number;
  serverErrors: number;
  timeouts: number;
}

export interface GraphCall {
  /** Plain description for errors and logs, e.g. "reading presence of 650 users". */
  operation?: string;
  /**
   * Awaited before every attempt of this call goes out (retries included), after the tenant's budget slot:
   * lets a caller pace its own share of the budget (the poller does) right at the wire.
   */
  beforeSend?: () => Promise<void>;
  /** Extra request headers, read when each attempt goes out (beforeSend may fill them in). */
  headers?: Record<string, string>;
}

export class TenantGraphClient {
  readonly tenantId: string;
  /** The configured Graph's origin (`https://graph.microsoft.com`): links Graph hands out point there. */
  readonly graphOrigin: string;
  readonly budget: ThrottleBudget;
  private readonly client: Client;
  private readonly counters: GraphCounters = { requests: 0, throttled: 0, retries: 0, serverErrors: 0, timeouts: 0 };

  constructor(options: GraphClientOptions) {
    this.tenantId = options.tenantId;
    const clock = options.clock ?? realClock;
    const sleep = options.sleep ?? realSleep;
    const budget: NonNullable<GraphClientOptions['budget']> = options.budget ?? DEFAULT_BUDGET;
    this.budget = new ThrottleBudget({ ...budget, safetyMarginMs: budget.safetyMarginMs ?? 500, clock, sleep });
    const backoff = options.backoff ?? GRAPH_BACKOFF;
    const resilience = new ResilienceMiddleware({
      tenantId: options.tenantId,
      budget: this.budget,
      backoff: { ...backoff, jitter: backoff.jitter ?? GRAPH_BACKOFF.jitter },
      tokens: options.tokens,
      clock,
      sleep,
      random: options.random ?? Math.random,
      counters: this.counters,
    });
    const auth = new AuthMiddleware(options.tokens);
    const transport = new TransportMiddleware(options.transport, options.timeoutMs);
    const base = new URL(options.graphBaseUrl);
    this.graphOrigin = base.origin;
    this.client = Client.initWithMiddleware({
      baseUrl: base.origin + base.pathname.replace(/\/+$/, ''),
      defaultVersion: 'v1.0',
      middleware: [resilience, auth, transport],
      customHosts: new Set([base.hostname]),
    });
  }

  /** GET a path (`/users/delta?...`) or a full URL Graph handed out (`@odata.nextLink`). */
  get<T>(pathOrUrl: string, call: GraphCall = {}): Promise<T> {
    return this.run('GET', pathOrUrl, call, (request) => request.get());
  }

  /** POST JSON; resolves undefined for Graph's body-less 200/204 answers. */
  post<T = undefined>(path: string, body: unknown, call: GraphCall = {}): Promise<T> {
    return this.run('POST', path, call, (request) => request.post(body));
  }

  stats(): GraphClientStats {
    return {
      tenantId: this.tenantId,
      budgetLimit: this.budget.limit,
      budgetWindowMs: this.budget.windowMs,
      usedInWindow: this.budget.used(),
      queued: this.budget.queued(),
      pausedUntil: this.budget.pausedUntil,
      ...this.counters,
    };
  }

  private async run<T>(
    method: string,
    pathOrUrl: string,
    call: GraphCall,
    send: (request: ReturnType<Client['api']>) => Promise<unknown>,
  ): Promise<T> {
    const operation = call.operation ?? `${method} ${pathOrUrl.split('?')[0]}`;
    const control = new RequestControl(operation, call.beforeSend, call.headers);
    try {
      const answer = await send(this.client.api(pathOrUrl).middlewareOptions([control]));
      // A body-less answer reaches us as null or the raw (empty) stream; callers want "nothing".
      return (answer === null || isStream(answer) ? undefined : answer) as T;
    } catch (err) {
      if (control.failure) throw control.failure;
      throw this.explain(err, method, pathOrUrl, operation);
    }
  }

  private explain(err: unknown, method: string, pathOrUrl: string, operation: string): Error {
    if (!(err instanceof GraphError) || err.statusCode < 0) {
      const cause = (err as { stack?: string; message?: string }) ?? {};
      // The library turns our middleware's errors into GraphError(-1); surface the original message.
      return new GraphRequestError(
        this.tenantId,
        0,
        undefined,
        operation,
        cause.message ?? String(err),
        'check the Graph base URL setting and the network path.',
      );
    }
    const path = pathOrUrl.startsWith('https://') ? new URL(pathOrUrl).pathname : pathOrUrl;
    if (err.statusCode === 403) {
      const permission = permissionForCall(method, path);
      return new GraphPermissionError(this.tenantId, permission, operation, grantPermissionFix(permission));
    }
    const fix =
      err.statusCode === 401
        ? "the token was refused: check that the app registration is in this tenant and that the Graph base URL matches the authority host's cloud."
        : err.statusCode === 404
          ? 'the user or object does not exist (any more): refresh the user list.'
          : 'this is unexpected; the details are in the message. Report it if it persists.';
    return new GraphRequestError(this.tenantId, err.statusCode, err.code ?? undefined, operation, err.message || 'no details', fix);
  }
}

function isStream(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as ReadableStream).getReader === 'function' || typeof (value as { pipe?: unknown }).pipe === 'function')
  );
}
