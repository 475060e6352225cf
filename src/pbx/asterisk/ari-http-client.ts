/**
 * A small typed ARI REST client on fetch (the `ari-client` npm package is stale). HTTP basic auth; every
 * failure becomes one of the catalogue's errors with a message an admin can act on.
 */
import { z } from 'zod';
import { AsteriskAuthError, AsteriskProtocolError, AsteriskRefusedError, AsteriskUnreachableError, describeError } from './errors';
import type { SettableDeviceState } from './device-state';
import { certificateProblem } from '../tls-trust';
import { guardedFetch, outboundRefusalIn, type OutboundGuard } from '../outbound-guard';

export interface AriHttpOptions {
  url: string;
  username: string;
  password: string;
  requestTimeoutMs: number;
}

const endpointSchema = z.object({
  technology: z.string(),
  resource: z.string(),
  state: z.string().optional(),
  channel_ids: z.array(z.string()).default([]),
});
export type AriEndpoint = z.output<typeof endpointSchema>;

const asteriskInfoSchema = z.object({
  system: z.object({ version: z.string().optional(), entity_id: z.string().optional() }).partial().optional(),
});
export type AriAsteriskInfo = z.output<typeof asteriskInfoSchema>;

/** ARI error bodies are `{"message": "..."}`; the 401 of the HTTP layer says `{"error": "..."}`. */
const errorBodySchema = z.object({ message: z.string().optional(), error: z.string().optional() });

export class AriHttpClient {
  private readonly base: string;
  private readonly authorization: string;
  private readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** A tenant admin's address: errors reach the tab, so they never quote what the far side answered. */
  private readonly quoteAnswers: boolean;

  constructor(
    private readonly options: AriHttpOptions,
    outbound?: OutboundGuard,
  ) {
    this.fetch = outbound ? guardedFetch(outbound) : (url, init) => fetch(url, init);
    this.quoteAnswers = outbound === undefined;
    this.base = options.url.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** The URL of the events WebSocket; the credentials travel as `api_key`, as ARI documents. Never log it. */
  eventsUrl(app: string, subscribeAll: boolean): string {
    const ws = this.base.replace(/^http/, 'ws');
    const query = new URLSearchParams({
      app,
      subscribeAll: String(subscribeAll),
      api_key: `${this.options.username}:${this.options.password}`,
    });
    return `${ws}/events?${query.toString()}`;
  }

  /** `GET /asterisk/ping`: cheap proof that Asterisk still answers (Asterisk 13.25 / 16.2 and newer). */
  async ping(): Promise<void> {
    await this.request('GET', '/asterisk/ping', 'ping Asterisk');
  }

  async asteriskInfo(): Promise<AriAsteriskInfo> {
    return asteriskInfoSchema.parse(await this.request('GET', '/asterisk/info', 'read the Asterisk info'));
  }

  async setDeviceState(deviceName: string, state: SettableDeviceState): Promise<void> {
    await this.request('PUT', `/deviceStates/${encodeAriPart(deviceName)}?deviceState=${state}`, `set ${deviceName} to ${state}`);
  }

  async subscribe(app: string, eventSources: readonly string[]): Promise<void> {
    await this.request(
      'POST',
      `/applications/${encodeURIComponent(app)}/subscription?eventSource=${eventSources.map(encodeAriPart).join(',')}`,
      `subscribe ${app} to ${eventSources.length} device(s)`,
    );
  }

  async unsubscribe(app: string, eventSources: readonly string[]): Promise<void> {
    await this.request(
      'DELETE',
      `/applications/${encodeURIComponent(app)}/subscription?eventSource=${eventSources.map(encodeAriPart).join(',')}`,
      `unsubscribe ${app} from ${eventSources.length} device(s)`,
    );
  }

  async endpoints(technology: string): Promise<AriEndpoint[]> {
    const body = await this.request('GET', `/endpoints/${encodeURIComponent(technology)}`, `list ${technology} endpoints`);
    return z.array(endpointSchema).parse(body);
  }

  private async request(method: string, path: string, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      const certificate = certificateProblem(error);
      const refusal = outboundRefusalIn(error);
      throw new AsteriskUnreachableError(
        refusal
          ? `Did not ${what} at ${this.base}: ${refusal.message}`
          : certificate
            ? `Could not ${what} at ${this.base}: ${certificate}.`
            : `Could not ${what}: ARI at ${this.base} did not answer (${describeError(error)}). Check that Asterisk runs, ` +
              'http.conf enables the HTTP server on that address, and nothing blocks the port.',
        { cause: error },
      );
    }
    const text = await response.text();
    if (response.ok) return parseJson(text, what);
    const detail = this.quoteAnswers ? errorDetail(text) : '';
    if (response.status === 401 || response.status === 403) {
      throw new AsteriskAuthError(
        `ARI refused the credentials for user "${this.options.username}" (${response.status}${detail}). ` +
          'Check the user and password in ari.conf and in the connector settings.',
        { status: response.status },
      );
    }
    const retryable = response.status >= 500 || response.status === 429;
    throw new AsteriskRefusedError(
      `ARI refused to ${what}: ${response.status}${detail}.${hintFor(response.status, path)}`,
      retryable,
      response.status,
    );
  }
}

/** Percent-encodes, but keeps ':' and '/' as ARI's own examples write them (`deviceState:PJSIP/1001`). */
function encodeAriPart(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2F/gi, '/');
}

function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AsteriskProtocolError(`ARI answered "${what}" with a body that is not JSON`, { cause: error });
  }
}

function errorDetail(text: string): string {
  try {
    const body = errorBodySchema.parse(JSON.parse(text));
    const message = body.message ?? body.error;
    return message ? ` "${message}"` : '';
  } catch {
    // Not an ARI error body (e.g. a proxy's HTML page): the status says enough.
    return '';
  }
}

function hintFor(status: number, path: string): string {
  if (status === 409 && path.startsWith('/deviceStates/')) {
    return ' ARI only sets devices whose name starts with "Stasis:"; check the stasisPrefix setting.';
  }
  if (status === 404 && path.startsWith('/applications/')) {
    return ' The Stasis application exists only while our events WebSocket is connected; it will be retried.';
  }
  if (status === 404 && path.startsWith('/endpoints/')) return ' Check the technology setting (e.g. PJSIP).';
  return '';
}
