/** `POST /$batch`: at most 20 inner requests, each run (counted, throttled, failed) on its own. */
import { z } from 'zod';
import { GraphApiError } from './errors';
import type { GraphRoute } from './graph-route';
import { INVALID_JSON, jsonResponse, parseJsonBody, type SimRequest, type SimResponse } from './sim-http';
import type { AccessClaims } from './token-service';

export const MAX_BATCH_REQUESTS = 20;

const batchBody = z.object({
  requests: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      url: z.string(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export function createBatchRoute(run: (req: SimRequest, claims: AccessClaims) => SimResponse): GraphRoute {
  return {
    method: 'POST',
    pattern: /^\/\$batch$/,
    endpoint: '$batch',
    permissions: [],
    presenceBudget: false,
    handle: (req, ctx) => {
      const raw = parseJsonBody(req);
      const parsed = batchBody.safeParse(raw === INVALID_JSON ? undefined : raw);
      if (!parsed.success)
        throw new GraphApiError(400, 'BadRequest', 'Invalid batch body: send {"requests": [{id, method, url, body?, headers?}]}.');
      const { requests } = parsed.data;
      if (requests.length > MAX_BATCH_REQUESTS) {
        throw new GraphApiError(
          400,
          'BadRequest',
          `Invalid batch payload format: ${requests.length} requests, at most ${MAX_BATCH_REQUESTS} are allowed.`,
        );
      }
      const claims: AccessClaims = { tenant: ctx.tenant, clientId: ctx.clientId, roles: ctx.roles };
      const responses = requests.map((inner) => {
        const url = new URL(inner.url.startsWith('/') ? inner.url : `/${inner.url}`, 'https://batch.invalid');
        const answer = run(
          {
            method: inner.method.toUpperCase(),
            path: `/${ctx.version}${url.pathname}`,
            query: url.searchParams,
            headers: { ...lowerKeys(inner.headers ?? {}), authorization: undefined },
            body: inner.body === undefined ? '' : typeof inner.body === 'string' ? inner.body : JSON.stringify(inner.body),
          },
          claims,
        );
        return {
          id: inner.id,
          status: answer.status,
          headers: answer.headers,
          ...(answer.body === undefined ? {} : { body: answer.body }),
        };
      });
      return jsonResponse(200, { responses });
    },
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
