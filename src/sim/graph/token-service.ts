/**
 * Entra's token endpoint for client credentials (secret or certificate assertion) and the matching check of
 * bearer tokens on Graph calls. Tokens are RS256 JWTs signed by the simulator's key, valid 3599 s of
 * simulator time, with the consented application permissions as `roles`; or, for a tenant that asks for
 * them, opaque strings (Microsoft: access tokens are opaque to clients, and may be encrypted) that only the
 * simulator can resolve.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../sim-clock';
import { type AppRegistration, type RegisteredCertificate, isSecretExpired } from './app-registration';
import { EntraApiError, GraphApiError } from './errors';
import { decodeJwt, signJwt, verifyJwtSignature } from './jwt';
import type { SigningKey } from './signing-key';
import type { SimTenant } from './sim-tenant';
import type { TenantDirectory } from './tenant-directory';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const ACCESS_TOKEN_LIFETIME_S = 3599;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenAnswer {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export interface AccessClaims {
  tenant: SimTenant;
  clientId: string;
  roles: Set<string>;
}

interface IssuedClaims {
  tenantId: string;
  clientId: string;
  roles: string[];
  exp: number;
  /** Issued at (s): a token issued before its app's tokens were revoked answers 401. */
  iat: number;
  generation: number;
}

export class TokenService {
  private readonly verified = new Map<string, IssuedClaims>();
  /** Opaque tokens: nothing in the string itself, so the simulator keeps what each one stands for. */
  private readonly opaque = new Map<string, IssuedClaims>();

  constructor(
    private readonly tenants: TenantDirectory,
    private readonly key: SigningKey,
    private readonly clock: Clock,
    private readonly origin: () => string,
  ) {}

  issue(tenantRef: string, form: URLSearchParams): TokenAnswer {
    const tenant = this.tenants.find(tenantRef);
    if (!tenant) throw new EntraApiError(90002, { tenant: tenantRef });
    const grant = form.get('grant_type');
    if (!grant) throw new EntraApiError(900144, { param: 'grant_type' });
    if (grant !== 'client_credentials') throw new EntraApiError(70003, { grant });
    const clientId = form.get('client_id');
    if (!clientId) throw new EntraApiError(900144, { param: 'client_id' });
    const app = tenant.apps.get(clientId);
    if (!app || app.deleted) throw new EntraApiError(700016, { app: clientId, tenant: tenant.tenantId });
    const scope = form.get('scope') ?? '';
    const scopes = scope.split(' ').filter(Boolean);
    if (scopes.length !== 1 || scopes[0] !== GRAPH_SCOPE) throw new EntraApiError(70011, { scope: scope || "''" });
    this.authenticateClient(tenant, tenantRef, app, form);
    if (!app.consented) throw new EntraApiError(65001, { app: clientId });
    return this.mint(tenant, app, form.has('client_assertion') ? '2' : '1');
  }

  /** Checks a Graph request's Authorization header. Throws the 401 Graph would send. */
  verifyBearer(authorization: string | undefined): AccessClaims {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('Access token is empty.');
    const claims = this.opaque.get(match[1]) ?? this.verified.get(match[1]) ?? this.verifySignature(match[1]);
    const now = this.clock.now();
    if (now >= claims.exp * 1000) throw unauthorized('Lifetime validation failed, the token is expired.');
    const tenant = this.tenants.find(claims.tenantId);
    if (!tenant) throw unauthorized('Invalid tenant in the access token.');
    if (claims.generation !== tenant.accessTokenGeneration) throw unauthorized('Access token has been revoked; request a new one.');
    const app = tenant.apps.get(claims.clientId);
    if (app?.tokensValidFromS !== undefined && claims.iat < app.tokensValidFromS)
      throw unauthorized('Access token has been revoked; request a new one.');
    return { tenant, clientId: claims.clientId, roles: new Set(claims.roles) };
  }

  private verifySignature(token: string) {
    const jwt = decodeJwt(token);
    if (!jwt || jwt.header.kid !== this.key.kid || !verifyJwtSignature(jwt, this.key.publicKey)) {
      throw unauthorized('Access token validation failure. Invalid signature.');
    }
    const p = jwt.payload;
    if (p.aud !== GRAPH_AUDIENCE) throw unauthorized('Invalid audience.');
    const claims = {
      tenantId: String(p.tid),
      clientId: String(p.appid),
      roles: Array.isArray(p.roles) ? p.roles.map(String) : [],
      exp: Number(p.exp),
      iat: Number(p.iat ?? 0),
      generation: Number(p.xms_sim_gen ?? 0),
    };
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private authenticateClient(tenant: SimTenant, tenantRef: string, app: AppRegistration, form: URLSearchParams): void {
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!sameText(secret, app.clientSecret)) throw new EntraApiError(7000215, { app: app.clientId });
      if (isSecretExpired(app, this.clock.now())) throw new EntraApiError(7000222, { app: app.clientId });
      return;
    }
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw new EntraApiError(900144, { param: 'client_assertion_type' });
      this.checkAssertion(tenant, tenantRef, app, assertion);
      return;
    }
    throw new EntraApiError(7000218);
  }

  private checkAssertion(tenant: SimTenant, tenantRef: string, app: AppRegistration, assertion: string): void {
    const jwt = decodeJwt(assertion);
    if (!jwt) throw new EntraApiError(700027, { app: app.clientId });
    const candidates = pickCertificates(app.certificates, jwt.header);
    const cert = candidates.find((c) => verifyJwtSignature(jwt, c.certificate.publicKey));
    if (!cert) throw new EntraApiError(700027, { app: app.clientId });
    const now = this.clock.now();
    if (now < Date.parse(cert.certificate.validFrom) || now > Date.parse(cert.certificate.validTo)) {
      throw new EntraApiError(700027, { app: app.clientId });
    }
    const p = jwt.payload;
    if (p.iss !== app.clientId || p.sub !== app.clientId) throw new EntraApiError(700027, { app: app.clientId });
    if (!this.isTokenEndpoint(String(p.aud), [tenantRef, tenant.tenantId, tenant.domain])) {
      throw new EntraApiError(700027, { app: app.clientId });
    }
    // The assertion is stamped by the client's own clock, so its lifetime is checked against the wall clock:
    // a test that moves simulator time forward must not make every fresh assertion look expired.
    const wallSeconds = Date.now() / 1000;
    if (typeof p.exp !== 'number' || p.exp < wallSeconds - 300) throw new EntraApiError(700024);
    if (typeof p.nbf === 'number' && p.nbf > wallSeconds + 300) throw new EntraApiError(700024);
  }

  private isTokenEndpoint(aud: string, tenantRefs: string[]): boolean {
    let url: URL;
    try {
      url = new URL(aud);
    } catch {
      return false;
    }
    const own = new URL(this.origin());
    const path = url.pathname.toLowerCase().replace(/\/$/, '');
    return url.port === own.port && tenantRefs.some((t) => path === `/${t.toLowerCase()}/oauth2/v2.0/token`);
  }

  private mint(tenant: SimTenant, app: AppRegistration, appidacr: '1' | '2'): TokenAnswer {
    const iat = Math.floor(this.clock.now() / 1000);
    const payload = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${tenant.tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + ACCESS_TOKEN_LIFETIME_S,
      appid: app.clientId,
      appidacr,
      idp: `https://sts.windows.net/${tenant.tenantId}/`,
      idtyp: 'app',
      oid: servicePrincipalId(app.clientId),
      sub: servicePrincipalId(app.clientId),
      roles: [...app.grantedPermissions],
      tid: tenant.tenantId,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ver: '1.0',
      // The simulator's own claim: which "revoke tokens" generation of the tenant issued it.
      xms_sim_gen: tenant.accessTokenGeneration,
    };
    if (tenant.opaqueAccessTokens) return this.mintOpaque(payload);
    const token = signJwt(payload, this.key.privateKey, { kid: this.key.kid, x5t: this.key.kid });
    return { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, ext_expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: token };
  }

  private mintOpaque(p: { tid: string; appid: string; roles: string[]; exp: number; iat: number; xms_sim_gen: number }): TokenAnswer {
    const nowSeconds = this.clock.now() / 1000;
    if (this.opaque.size > 10_000) for (const [t, c] of this.opaque) if (c.exp <= nowSeconds) this.opaque.delete(t);
    // No dots, not base64 JSON: a client that tries to read it learns nothing.
    const token = `EwB${randomBytes(96).toString('base64url')}`;
    this.opaque.set(token, { tenantId: p.tid, clientId: p.appid, roles: p.roles, exp: p.exp, iat: p.iat, generation: p.xms_sim_gen });
    return { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, ext_expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: token };
  }
}

function pickCertificates(certs: RegisteredCertificate[], header: Record<string, unknown>): RegisteredCertificate[] {
  const s256 = header['x5t#S256'];
  const s1 = header.x5t;
  if (typeof s256 === 'string') return certs.filter((c) => c.x5tS256 === s256);
  if (typeof s1 === 'string') return certs.filter((c) => c.x5t === s1);
  return certs;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A stable fake object id for the app's service principal in the tenant. */
export function servicePrincipalId(clientId: string): string {
  return `${clientId.slice(0, 24)}${clientId.slice(24).split('').reverse().join('')}`;
}

function unauthorized(message: string): GraphApiError {
  return new GraphApiError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}
