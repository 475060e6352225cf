/**
 * The Graph client's middleware chain (microsoft-graph-client 3 `initWithMiddleware`):
 *   resilience (budget slot, Retry-After, backoff, 401 refresh) -> auth (bearer token) -> transport (undici).
 * Each attempt of a request takes its own budget slot, so retries can never push a tenant over its budget.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../time/clock';
import { backoffDelayMs, parseRetryAfterMs, type BackoffPolicy } from '../backoff';
import { GraphUnavailableError, TransportConnectionError, TransportTimeoutError } from './errors';
import { isRetryableStatus } from './graph-retry-policy';
import type { Sleep } from '../time/real-time';
import type { ThrottleBudget } from './throttle-budget';
import type { TokenProvider } from './token-provider';
import type { Transport } from './transport';

/** Per-request option (MiddlewareControl is keyed by class): names the call and carries its outcome out. */
export class RequestControl {
  attempts = 0;
  /** Set when the resilience middleware gave up; the client rethrows it instead of the library's error. */
  failure?: Error;
  constructor(
    readonly operation: string,
    /** Awaited before each attempt is sent, after its budget slot (see GraphCall.beforeSend). */
    readonly beforeSend?: () => Promise<void>,
    /** Extra headers of the call, read after beforeSend at each attempt (see GraphCall.headers). */
    readonly headers?: Record<string, string>,
  ) {}
}

export interface GraphCounters {
  requests: number;
  throttled: number;
  retries: number;
  serverErrors: number;
  timeouts: number;
}

abstract class ChainLink implements Middleware {
  protected next?: Middleware;
  setNext(next: Middleware): void {
    this.next = next;
  }
  abstract execute(context: Context): Promise<void>;
  protected async callNext(context: Context): Promise<void> {
    if (!this.next) throw new Error('Graph middleware chain is incomplete: nothing after ' + this.constructor.name);
    await this.next.execute(context);
  }
}

function controlOf(context: Context): RequestControl {
  return (
    (context.middlewareControl?.getMiddlewareOptions(RequestControl) as RequestControl | undefined) ?? new RequestControl('a Graph request')
  );
}

export interface ResilienceOptions {
  tenantId: string;
  budget: ThrottleBudget;
  backoff: BackoffPolicy;
  tokens: Pick<TokenProvider, 'invalidate'>;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  counters: GraphCounters;
}

export class ResilienceMiddleware extends ChainLink {
  constructor(private readonly o: ResilienceOptions) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const control = controlOf(context);
    let refreshedToken = false;
    let lastProblem: string;
    for (let attempt = 1; ; attempt++) {
      await this.o.budget.acquire();
      try {
        await control.beforeSend?.();
      } catch (err) {
        control.failure = err as Error; // the caller's own refusal (e.g. a lapsed lease), thrown as it is
        throw err;
      }
      if (control.headers && Object.keys(control.headers).length > 0) {
        const options = (context.options ??= {});
        options.headers = { ...headersToRecord(options.headers), ...control.headers };
      }
      control.attempts = attempt;
      this.o.counters.requests++;
      if (attempt > 1) this.o.counters.retries++;
      let status: number | undefined;
      try {
        context.response = undefined;
        await this.callNext(context);
        status = (context as Context).response?.status;
      } catch (err) {
        if (!(err instanceof TransportTimeoutError || err instanceof TransportConnectionError)) {
          // e.g. EntraAuthError from the token provider: the library would flatten it into a GraphError.
          control.failure = err as Error;
          throw err;
        }
        if (err instanceof TransportTimeoutError) this.o.counters.timeouts++;
        lastProblem = err.message;
        if (attempt >= this.o.backoff.maxAttempts) {
          control.failure = new GraphUnavailableError(this.o.tenantId, control.operation, attempt, lastProblem, { cause: err });
          throw control.failure;
        }
        await this.o.sleep(backoffDelayMs(attempt, this.o.backoff, this.o.random));
        continue;
      }
      const response = context.response!;
      if (status === 401 && !refreshedToken) {
        // A token revoked or rotated early: ask Entra once more, then let the 401 through.
        refreshedToken = true;
        this.o.tokens.invalidate();
        await response.arrayBuffer().catch(() => undefined);
        continue;
      }
      if (status === undefined || !isRetryableStatus(status)) return;

      if (status === 429) this.o.counters.throttled++;
      else this.o.counters.serverErrors++;
      lastProblem = `HTTP ${status}`;
      const now = this.o.clock.now();
      const retryAfter = parseRetryAfterMs(response.headers.get('retry-after'), now);
      await response.arrayBuffer().catch(() => undefined);
      // Graph's Retry-After applies to the app in this tenant: hold back every request of the tenant, the
      // last attempt's too (the caller's own next try then meets the pause).
      if (retryAfter !== undefined) this.o.budget.pauseUntil(now + retryAfter);
      if (attempt >= this.o.backoff.maxAttempts) {
        control.failure = new GraphUnavailableError(this.o.tenantId, control.operation, attempt, lastProblem, { retryAfterMs: retryAfter });
        return;
      }
      if (retryAfter !== undefined) {
        // The pause set above is the wait.
      } else if (status === 429) {
        this.o.budget.pauseUntil(now + backoffDelayMs(attempt, this.o.backoff, this.o.random));
      } else {
        await this.o.sleep(backoffDelayMs(attempt, this.o.backoff, this.o.random));
      }
    }
  }
}

export class AuthMiddleware extends ChainLink {
  constructor(private readonly tokens: Pick<TokenProvider, 'getToken'>) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const { token } = await this.tokens.getToken();
    const options = (context.options ??= {});
    options.headers = { ...headersToRecord(options.headers), authorization: `Bearer ${token}` };
    await this.callNext(context);
  }
}

export class TransportMiddleware implements Middleware {
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs?: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const body = options.body === undefined || options.body === null ? undefined : String(options.body);
    const response = await this.transport.fetch(url, {
      method: options.method ?? 'GET',
      headers: headersToRecord(options.headers),
      body,
      timeoutMs: this.timeoutMs,
    });
    // undici's Response implements the fetch Response the library reads (status, headers, json, text).
    context.response = response as unknown as Response;
  }
}

function headersToRecord(headers: unknown): Record<string, string> {
  if (!headers) return {};
  if (typeof (headers as Headers).forEach === 'function' && !(headers instanceof Array)) {
    const out: Record<string, string> = {};
    (headers as Headers).forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  if (Array.isArray(headers)) return Object.fromEntries(headers.map(([k, v]) => [String(k).toLowerCase(), String(v)]));
  return Object.fromEntries(Object.entries(headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
