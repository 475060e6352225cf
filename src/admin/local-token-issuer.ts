/**
 * Signs tokens shaped like Entra ID v2 access tokens with a key of its own, for demo mode and tests. The
 * validator checks them with exactly the code that checks Entra's tokens, only against this key set.
 */
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { SSO_SCOPE } from './sso-validator';

export interface EntraAccessTokenClaims {
  iss: string;
  aud: string;
  tid: string;
  oid: string;
  upn?: string;
  preferred_username?: string;
  name?: string;
  scp?: string;
  wids?: string[];
  groups?: string[];
  ver?: string;
  /** Seconds since the epoch. */
  exp: number;
  nbf: number;
  iat: number;
  [claim: string]: unknown;
}

/** Only `tid` and `oid` are needed; a claim set to `undefined` is left out of the token. */
export type ClaimsToSign = Partial<EntraAccessTokenClaims> & { tid: string; oid: string };

export interface LocalTokenIssuer {
  /** The public half, as a key set the SSO validator accepts. */
  keys: JWTVerifyGetKey;
  /** The key id in the token headers. */
  kid: string;
  sign(claims: ClaimsToSign): Promise<string>;
}

export interface LocalTokenIssuerOptions {
  clientId: string;
  clock?: { now(): number };
  /** Default 3600 s, like Entra's access tokens. */
  lifetimeSeconds?: number;
  /** Fixed key id; two issuers with the same kid make a forgery test (same kid, other key). */
  kid?: string;
}

export async function createLocalTokenIssuer(options: LocalTokenIssuerOptions): Promise<LocalTokenIssuer> {
  const clock = options.clock ?? { now: () => Date.now() };
  const lifetime = options.lifetimeSeconds ?? 3600;
  const kid = options.kid ?? randomUUID();
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const keys = createLocalJWKSet({ keys: [publicJwk] });

  return {
    keys,
    kid,
    async sign(claims) {
      const now = Math.floor(clock.now() / 1000);
      const full: Record<string, unknown> = {
        iss: `https://login.microsoftonline.com/${claims.tid}/v2.0`,
        aud: options.clientId,
        scp: SSO_SCOPE,
        ver: '2.0',
        iat: now,
        nbf: now,
        exp: now + lifetime,
        ...claims,
      };
      for (const key of Object.keys(full)) if (full[key] === undefined) delete full[key];
      return new SignJWT(full).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
    },
  };
}
