/** A tiny HTTPS client for the simulator's tests: trusts its certificate, returns status, headers and body. */
import { Agent, request } from 'undici';
import type { GraphSimulator, TenantCredentials } from '../../../src/sim/graph';

export interface SimAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export function simClient(sim: GraphSimulator) {
  const dispatcher = new Agent({ connect: { ca: sim.caCertPem } });
  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; form?: Record<string, string> } = {},
  ): Promise<SimAnswer> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const url = path.startsWith('https://') ? path : `${sim.url}${path}`;
    const res = await request(url, { method: method as 'GET', headers, body, dispatcher });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  }
  async function token(creds: TenantCredentials, extra: Record<string, string> = {}): Promise<SimAnswer> {
    return call('POST', `/${creds.tenantId}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        ...extra,
      },
    });
  }
  async function accessToken(creds: TenantCredentials): Promise<string> {
    const answer = await token(creds);
    if (answer.status !== 200) throw new Error(`token failed: ${answer.text}`);
    return answer.json.access_token as string;
  }
  return { call, token, accessToken, close: () => dispatcher.close() };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2026-11-22T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}
