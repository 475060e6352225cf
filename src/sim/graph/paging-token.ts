/** Opaque skip/delta tokens: base64url JSON that carries where to resume, for which tenant, and when it was issued. */
import { z } from 'zod';
import { GraphApiError } from './errors';

const tokenSchema = z.object({
  t: z.string(), // tenant id
  k: z.enum(['list', 'changes', 'configs']),
  s: z.number(), // list: snapshot version; changes: since version
  u: z.number().optional(), // changes: up to version
  p: z.number(), // position to resume from (-1: start)
  sel: z.array(z.string()).optional(),
  top: z.number(),
  i: z.number(), // issued at, simulator time
  g: z.number(), // the tenant's delta generation when issued
});
export type PagingToken = z.infer<typeof tokenSchema>;

export function encodePagingToken(token: PagingToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodePagingToken(text: string, tenantId: string): PagingToken {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badToken();
  }
  const parsed = tokenSchema.safeParse(raw);
  if (!parsed.success || parsed.data.t !== tenantId) throw badToken();
  return parsed.data;
}

function badToken(): GraphApiError {
  return new GraphApiError(
    400,
    'BadRequest',
    'The skip or delta token is malformed or belongs to another tenant; start over without a token.',
  );
}
