/** The simulator's own request/response shapes: handlers are plain functions, so `$batch` can reuse them. */

export interface SimRequest {
  method: string;
  /** Path without query, e.g. "/v1.0/users/delta". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** Raw body text ('' when none). */
  body: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Serialised as JSON when an object; sent as is when a string; no body when undefined. */
  body?: unknown;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}

/** Graph answers some actions with 200 and nothing else: no body, and no JSON content type either. */
export function emptyResponse(status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, headers };
}

export const INVALID_JSON: unique symbol = Symbol('invalid-json');

/** The body as JSON; undefined when empty; INVALID_JSON when it does not parse. */
export function parseJsonBody(req: SimRequest): unknown {
  if (req.body.trim() === '') return undefined;
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
