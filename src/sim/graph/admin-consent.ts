/**
 * Entra's admin consent page, reduced to its outcome: `GET /{tenant|organizations}/v2.0/adminconsent?client_id=
 * &redirect_uri=&state=` redirects back with `admin_consent=True&tenant=&state=` (consent is then given), or with
 * `error=&error_description=` when the admin declines (a tenant setting) or the app is unknown.
 */
import type { SimRequest, SimResponse } from './sim-http';
import type { SimTenant } from './sim-tenant';
import type { TenantDirectory } from './tenant-directory';

export const ADMIN_CONSENT_PATH = /^\/([^/]+)(?:\/v2\.0)?\/adminconsent$/;

export function adminConsent(tenantRef: string, req: SimRequest, tenants: TenantDirectory): SimResponse {
  const clientId = req.query.get('client_id') ?? '';
  const redirect = req.query.get('redirect_uri');
  const state = req.query.get('state');
  if (!redirect || !/^https?:\/\//.test(redirect)) {
    return {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: "AADSTS900144: The request body must contain the following parameter: 'redirect_uri'.",
    };
  }
  const generic = tenantRef === 'organizations' || tenantRef === 'common';
  const tenant: SimTenant | undefined = generic ? tenants.all().find((t) => t.apps.has(clientId)) : tenants.find(tenantRef);
  const back = new URL(redirect);
  if (state !== null) back.searchParams.set('state', state);
  const app = tenant?.apps.get(clientId);
  if (!tenant || !app || app.deleted) {
    back.searchParams.set('error', 'unauthorized_client');
    back.searchParams.set(
      'error_description',
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenantRef}'.`,
    );
  } else if (tenant.consentAnswer === 'decline') {
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
  } else {
    app.consented = true;
    back.searchParams.set('admin_consent', 'True');
    back.searchParams.set('tenant', tenant.tenantId);
    back.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  }
  return { status: 302, headers: { location: back.toString() } };
}
