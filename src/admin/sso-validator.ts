/**
 * Validates the Teams SSO token the tab sends (an Entra access token for our app) and says who is calling:
 * signature against Entra's keys, lifetime, audience, an issuer that matches the token's own tenant, the
 * `access_as_user` scope, and whether the caller is an admin of that tenant.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { isAdminMembership, type DirectoryMembership } from './admin-roles';
import {
  AuthError,
  BadSignatureError,
  ExpiredTokenError,
  MalformedTokenError,
  MissingScopeError,
  MissingTokenError,
  RoleLookupError,
  SigningKeysUnavailableError,
  TenantNotServedError,
  TokenNotYetValidError,
  WrongAudienceError,
  WrongIssuerError,
} from './auth-errors';
import type { RoleLookup } from './role-lookup';

export const SSO_SCOPE = 'access_as_user';
/** Entra's keys for every tenant (multi-tenant apps validate against the common endpoint). */
export const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

export interface Caller {
  tenantId: string;
  /** Entra object id (`oid`). */
  userId: string;
  name: string;
  upn: string;
  isAdmin: boolean;
}

export interface SsoValidator {
  /** Resolves the caller, or rejects with an `AuthError`. */
  validate(authorizationHeader: string | undefined): Promise<Caller>;
}

export interface SsoValidatorOptions {
  clientId: string;
  /** e.g. `api://bridge.contoso.com/<clientId>`; tokens for it are accepted as well as for the bare client id. */
  appIdUri?: string;
  /** `createRemoteJWKSet(new URL(ENTRA_JWKS_URL))` in production, a local key set in demo mode and tests. */
  keys: JWTVerifyGetKey;
  adminGroupId?: string;
  /** Used when the token has no `wids` claim (or no `groups` claim while an admin group is configured). */
  roleLookup?: RoleLookup;
  /** Which tenants this deployment serves; a token of any other tenant is refused. Default: all. */
  tenantServed?(tenantId: string): boolean;
  clock?: { now(): number };
  /** Allowed clock skew. Default 120 s. */
  clockToleranceSeconds?: number;
  /** How long a role lookup answer is reused. Default 5 minutes. */
  roleCacheMs?: number;
}

const MAX_TOKEN_LENGTH = 16 * 1024;

const claimsSchema = z.object({
  tid: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'must be a tenant id'),
  oid: z.string().min(1, 'must be the user object id'),
  iss: z.string(),
  name: z.string().optional(),
  upn: z.string().optional(),
  preferred_username: z.string().optional(),
  unique_name: z.string().optional(),
  scp: z.string().optional(),
  wids: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
});
type SsoClaims = z.infer<typeof claimsSchema>;

export function createSsoValidator(options: SsoValidatorOptions): SsoValidator {
  const audiences = [options.clientId, ...(options.appIdUri ? [options.appIdUri] : [])];
  const clock = options.clock ?? { now: () => Date.now() };
  const roleCacheMs = options.roleCacheMs ?? 5 * 60_000;
  const roleCache = new Map<string, { at: number; membership: DirectoryMembership }>();

  async function verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ['RS256'],
        audience: audiences,
        currentDate: new Date(clock.now()),
        clockTolerance: options.clockToleranceSeconds ?? 120,
        requiredClaims: ['exp', 'iss', 'aud'],
      });
      return payload;
    } catch (err) {
      throw joseToAuthError(err, audiences);
    }
  }

  async function membershipOf(claims: SsoClaims, token: string): Promise<DirectoryMembership> {
    const fromToken = { roleTemplateIds: claims.wids ?? [], groupIds: claims.groups ?? [] };
    const tokenIsEnough = claims.wids !== undefined && (!options.adminGroupId || claims.groups !== undefined);
    if (tokenIsEnough || !options.roleLookup) return fromToken;
    if (isAdminMembership(fromToken, options.adminGroupId)) return fromToken;

    const key = `${claims.tid}/${claims.oid}`;
    const cached = roleCache.get(key);
    if (cached && clock.now() - cached.at < roleCacheMs) return cached.membership;
    try {
      const membership = await options.roleLookup(claims.tid, claims.oid, token);
      roleCache.set(key, { at: clock.now(), membership });
      return membership;
    } catch (err) {
      throw new RoleLookupError({ cause: err });
    }
  }

  return {
    async validate(header) {
      const token = bearerToken(header);
      const payload = await verify(token);
      const parsed = claimsSchema.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new MalformedTokenError(`claim '${issue.path.join('.')}' ${issue.message}`);
      }
      const claims = parsed.data;
      checkIssuer(claims);
      if (!(claims.scp ?? '').split(' ').includes(SSO_SCOPE)) throw new MissingScopeError(SSO_SCOPE);
      if (options.tenantServed && !options.tenantServed(claims.tid)) throw new TenantNotServedError(claims.tid);
      const membership = await membershipOf(claims, token);
      return {
        tenantId: claims.tid,
        userId: claims.oid,
        name: claims.name ?? '',
        upn: claims.upn ?? claims.preferred_username ?? claims.unique_name ?? '',
        isAdmin: isAdminMembership(membership, options.adminGroupId),
      };
    },
  };
}

function bearerToken(header: string | undefined): string {
  if (!header || header.trim() === '') throw new MissingTokenError();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new MalformedTokenError('the Authorization header must be "Bearer <token>"');
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH) throw new MalformedTokenError(`it is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (token.split('.').length !== 3) throw new MalformedTokenError('it is not a signed JWT (three dot-separated parts)');
  return token;
}

/** v2 tokens: https://login.microsoftonline.com/{tid}/v2.0; v1 tokens: https://sts.windows.net/{tid}/. */
function checkIssuer(claims: SsoClaims): void {
  const allowed = [`https://login.microsoftonline.com/${claims.tid}/v2.0`, `https://sts.windows.net/${claims.tid}/`];
  if (!allowed.includes(claims.iss)) throw new WrongIssuerError(`issuer ${claims.iss} does not belong to tenant ${claims.tid}`);
}

function joseToAuthError(err: unknown, audiences: readonly string[]): AuthError {
  const cause = { cause: err };
  if (err instanceof errors.JWTExpired) return new ExpiredTokenError(cause);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return new TokenNotYetValidError(cause);
    if (err.claim === 'aud') return new WrongAudienceError(audiences, cause);
    return new MalformedTokenError(`claim '${err.claim}' ${err.reason === 'missing' ? 'is missing' : 'is not valid'}`, cause);
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new BadSignatureError(cause);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return new MalformedTokenError('it is not signed with RS256', cause);
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return new SigningKeysUnavailableError(cause);
  if (err instanceof errors.JOSEError) return new MalformedTokenError('it cannot be decoded', cause);
  // Anything else (e.g. fetching the remote key set failed) is on our side, not the caller's.
  return new SigningKeysUnavailableError(cause);
}
