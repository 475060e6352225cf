/**
 * What `presence-bridge check` and the admin tab show about the Microsoft side of a tenant: can we get a
 * token (or why not, explained), which required application permissions Graph lists as granted to the app
 * (never read from the token, which is opaque to us), does one cheap Graph call go through, and when does
 * the client certificate expire.
 */
import type { Clock } from '../sync/ports';
import { daysUntilExpiry, type ClientCertificate } from './client-certificate';
import { EntraAuthError, GraphIntegrationError } from './errors';
import type { GraphGetter } from './directory';
import { readGrantedGraphPermissions } from './granted-permissions';
import { grantPermissionFix, REQUIRED_PERMISSIONS, type RequiredPermission } from './required-permissions';
import type { TokenProvider } from './token-provider';

/** Broader permissions that include a required one. */
const ALSO_GRANTED_BY: Record<RequiredPermission, string[]> = {
  'Presence.Read.All': ['Presence.ReadWrite.All'],
  'Presence.ReadWrite.All': [],
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'TeamsUserConfiguration.Read.All': [],
  'RoleManagement.Read.Directory': ['RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Application.Read.All': ['Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};

/** Listing the grants needs this one; without it the others cannot be told. */
const LISTING_PERMISSION: RequiredPermission = 'Application.Read.All';

export const CERTIFICATE_WARNING_DAYS = 30;

export interface PermissionStatus {
  name: RequiredPermission;
  purpose: string;
  granted: boolean;
  /** Set when granted through a broader permission, e.g. "Presence.ReadWrite.All". */
  via?: string;
  fix?: string;
}

export interface CheckProblem {
  code: string;
  message: string;
  fix?: string;
}

export interface PermissionCheckResult {
  tenantId: string;
  /** Token obtained, every permission granted, probe answered. */
  ok: boolean;
  token: { ok: true; expiresAt: number } | { ok: false; problem: CheckProblem & { aadsts?: number } };
  /** Whether Graph listed the app's granted permissions (not: `permissions` holds only what is known). */
  grants?: { ok: true } | { ok: false; problem: CheckProblem };
  permissions: PermissionStatus[];
  probe?: { ok: boolean; detail: string; problem?: CheckProblem };
  certificate?: { notAfter: string; daysLeft: number; warning?: string };
}

export interface PermissionCheckOptions {
  tenantId: string;
  /** The app whose service principal's grants are listed. */
  clientId: string;
  tokens: TokenProvider & { certificate?: ClientCertificate };
  client: GraphGetter;
  clock: Clock;
  certificateWarningDays?: number;
}

function asProblem(err: unknown): CheckProblem & { aadsts?: number } {
  if (err instanceof GraphIntegrationError) {
    return { code: err.code, message: err.message, fix: err.fix, ...(err instanceof EntraAuthError && err.aadsts ? { aadsts: err.aadsts } : {}) };
  }
  return { code: (err as { code?: string }).code ?? 'error', message: (err as Error).message ?? String(err) };
}

export async function checkTenantConnection(options: PermissionCheckOptions): Promise<PermissionCheckResult> {
  const certificate = certificateStatus(options);
  let expiresAt: number;
  // A fresh token: one cached before an admin granted consent keeps its old permissions for up to 90 minutes,
  // and the probe below (and every later call of the running service) should see the grants of now.
  options.tokens.invalidate();
  try {
    ({ expiresAt } = await options.tokens.getToken());
  } catch (err) {
    return { tenantId: options.tenantId, ok: false, token: { ok: false, problem: asProblem(err) }, permissions: [], certificate };
  }

  let grants: PermissionCheckResult['grants'];
  let permissions: PermissionStatus[];
  try {
    const granted = await readGrantedGraphPermissions(options.client, options.clientId);
    grants = { ok: true };
    permissions = REQUIRED_PERMISSIONS.map(({ name, purpose }) => {
      if (granted.has(name)) return { name, purpose, granted: true };
      const via = ALSO_GRANTED_BY[name].find((broader) => granted.has(broader));
      return via ? { name, purpose, granted: true, via } : { name, purpose, granted: false, fix: grantPermissionFix(name) };
    });
  } catch (err) {
    const problem = asProblem(err);
    grants = { ok: false, problem };
    const listing = REQUIRED_PERMISSIONS.find((p) => p.name === LISTING_PERMISSION)!;
    permissions = problem.code === 'graph-permission' ? [{ name: listing.name, purpose: listing.purpose, granted: false, fix: grantPermissionFix(listing.name) }] : [];
  }

  let probe: PermissionCheckResult['probe'];
  try {
    // One page of one user, id only: the cheapest call that proves Graph accepts our token.
    await options.client.get('/users/delta?$select=id&$top=1', { operation: 'a test call (one user id)' });
    probe = { ok: true, detail: 'Microsoft Graph answered a test call (read one user id).' };
  } catch (err) {
    const problem = asProblem(err);
    probe = { ok: false, detail: problem.message, problem };
  }

  const ok = grants.ok && permissions.every((p) => p.granted) && probe.ok;
  return { tenantId: options.tenantId, ok, token: { ok: true, expiresAt }, grants, permissions, probe, certificate };
}

function certificateStatus(options: PermissionCheckOptions): PermissionCheckResult['certificate'] {
  const cert = options.tokens.certificate;
  if (!cert) return undefined;
  const daysLeft = daysUntilExpiry(cert, options.clock.now());
  const warnDays = options.certificateWarningDays ?? CERTIFICATE_WARNING_DAYS;
  const warning =
    daysLeft < 0
      ? `The client certificate expired on ${cert.notAfter.toISOString().slice(0, 10)}. Fix: create a new certificate, upload its public part to the app registration, and enter it here.`
      : daysLeft <= warnDays
        ? `The client certificate expires in ${daysLeft} days (${cert.notAfter.toISOString().slice(0, 10)}). Fix: upload a new certificate to the app registration now and enter it here before then.`
        : undefined;
  return { notAfter: cert.notAfter.toISOString(), daysLeft, ...(warning ? { warning } : {}) };
}
