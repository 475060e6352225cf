/**
 * The Entra ID (login.microsoftonline.com) side: OpenID discovery, JWKS, instance discovery, token endpoint.
 * Paths are `/{tenant}/...` where tenant is the id or the domain.
 */
import type { Clock } from '../sim-clock';
import { ADMIN_CONSENT_PATH, adminConsent } from './admin-consent';
import { EntraApiError } from './errors';
import { jsonResponse, type SimRequest, type SimResponse } from './sim-http';
import type { SigningKey } from './signing-key';
import type { TenantDirectory } from './tenant-directory';
import type { TokenService } from './token-service';

export interface EntraRoutesDeps {
  tenants: TenantDirectory;
  tokens: TokenService;
  key: SigningKey;
  clock: Clock;
  origin: () => string;
}

const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;
const INSTANCE = /^\/common\/discovery\/instance$/;

export interface EntraMatch {
  tenantRef?: string;
  endpoint: string;
  handle: () => SimResponse;
}

export function matchEntraRoute(req: SimRequest, deps: EntraRoutesDeps): EntraMatch | undefined {
  let m: RegExpExecArray | null;
  if (req.method === 'GET' && (m = OPENID.exec(req.path))) {
    const ref = m[1];
    return { tenantRef: ref, endpoint: 'openid-configuration', handle: () => openidConfiguration(ref, deps) };
  }
  if (req.method === 'GET' && (m = KEYS.exec(req.path))) {
    return { tenantRef: m[1], endpoint: 'jwks', handle: () => jsonResponse(200, deps.key.jwks) };
  }
  if (req.method === 'GET' && (m = ADMIN_CONSENT_PATH.exec(req.path))) {
    const ref = m[1];
    return { tenantRef: ref, endpoint: 'adminconsent', handle: () => adminConsent(ref, req, deps.tenants) };
  }
  if (req.method === 'GET' && INSTANCE.test(req.path)) {
    return { endpoint: 'instance-discovery', handle: () => instanceDiscovery(req, deps) };
  }
  if (req.method === 'POST' && (m = TOKEN.exec(req.path))) {
    const ref = m[1];
    return { tenantRef: ref, endpoint: 'token', handle: () => token(ref, req, deps) };
  }
  return undefined;
}

function openidConfiguration(tenantRef: string, deps: EntraRoutesDeps): SimResponse {
  const tenant = deps.tenants.find(tenantRef);
  if (!tenant) {
    return new EntraApiError(90002, { tenant: tenantRef }).toResponse(deps.clock.now());
  }
  const base = `${deps.origin()}/${tenant.tenantId}`;
  return jsonResponse(200, {
    token_endpoint: `${deps.origin()}/${tenantRef}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${deps.origin()}/oidc/userinfo`,
    authorization_endpoint: `${deps.origin()}/${tenantRef}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${deps.origin()}/${tenantRef}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${deps.origin()}/${tenantRef}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'appid', 'roles'],
    kerberos_endpoint: `${deps.origin()}/${tenantRef}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(deps.origin()).host,
    cloud_graph_host_name: new URL(deps.origin()).host,
    msgraph_host: new URL(deps.origin()).host,
    rbac_url: deps.origin(),
  });
}

/** What msal asks when the authority is not in `knownAuthorities`: the simulator vouches for its own host. */
function instanceDiscovery(req: SimRequest, deps: EntraRoutesDeps): SimResponse {
  const host = new URL(deps.origin()).host;
  const tenantRef = /\/\/[^/]+\/([^/]+)\//.exec(req.query.get('authorization_endpoint') ?? '')?.[1] ?? 'common';
  return jsonResponse(200, {
    tenant_discovery_endpoint: `${deps.origin()}/${tenantRef}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

function token(tenantRef: string, req: SimRequest, deps: EntraRoutesDeps): SimResponse {
  const form = new URLSearchParams(req.body);
  try {
    return jsonResponse(200, deps.tokens.issue(tenantRef, form), { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
  } catch (error) {
    if (error instanceof EntraApiError) return error.toResponse(deps.clock.now(), req.headers['client-request-id']);
    throw error;
  }
}
