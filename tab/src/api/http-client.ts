/**
 * The one place the tab talks HTTP: every request carries the signed-in admin's token; errors come back as
 * ApiError with the service's message. Same origin as the tab (the service serves both).
 */
import { ApiError, ServiceUnreachableError } from './api-error';
import type { HttpClient, RequestOptions, TokenSource } from './http-types';

export type { HttpClient, RequestOptions, TokenSource } from './http-types';

export function createHttpClient(token: TokenSource, baseUrl = ''): HttpClient {
  async function send(path: string, o: RequestOptions, fresh = false): Promise<Response> {
    const url = new URL(baseUrl + path, window.location.origin);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${await token({ fresh })}`, accept: 'application/json' };
    let body: string | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.text) {
      headers['content-type'] = o.text.contentType;
      body = o.text.body;
    }
    let res: Response;
    try {
      res = await fetch(url, { method: o.method ?? 'GET', headers, body, signal: o.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ServiceUnreachableError(path, err);
    }
    // An expired or refused token: get a fresh one from the host and try once more.
    if (res.status === 401 && !fresh) return send(path, o, true);
    if (!res.ok) throw await toApiError(res);
    return res;
  }
  return {
    async json<T>(path: string, options: RequestOptions = {}) {
      const res = await send(path, options);
      if (res.status === 204) return undefined as T;
      return (await res.json()) as T;
    },
    async text(path: string, options: RequestOptions = {}) {
      return (await send(path, options)).text();
    },
  };
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: { error?: unknown; message?: unknown; problems?: unknown; jobId?: unknown } = {};
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  const message = typeof body.message === 'string' ? body.message : `The service answered ${res.status} ${res.statusText}.`;
  const problems = Array.isArray(body.problems)
    ? body.problems
        .filter((p): p is { path: string; message: string } => typeof p?.message === 'string')
        .map((p) => ({ path: String(p.path ?? ''), message: p.message }))
    : [];
  const jobId = typeof body.jobId === 'string' ? body.jobId : undefined;
  return new ApiError(res.status, typeof body.error === 'string' ? body.error : `http${res.status}`, message, problems, jobId);
}
