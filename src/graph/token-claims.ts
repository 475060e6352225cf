/**
 * Reading our own access token's claims (roles, tenant) for the permission check. No signature check:
 * the token came straight from Entra over TLS, and only Graph has to trust it.
 */
import { z } from 'zod';

const claimsSchema = z.looseObject({
  tid: z.string().optional(),
  appid: z.string().optional(),
  azp: z.string().optional(),
  roles: z.array(z.string()).optional(),
  exp: z.number().optional(),
});
export type AccessTokenClaims = z.infer<typeof claimsSchema>;

export function readTokenClaims(token: string): AccessTokenClaims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('The access token is not a JWT (no payload part).');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new Error('The access token payload is not readable JSON.');
  }
  const claims = claimsSchema.safeParse(json);
  if (!claims.success) {
    const [issue] = claims.error.issues;
    throw new Error(`The access token claims are not as Entra writes them (${issue.path.join('.') || 'the payload'}: ${issue.message}).`);
  }
  return claims.data;
}
