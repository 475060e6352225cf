/**
 * What `presence-bridge check` and the admin tab show about the Microsoft side of a tenant: can we get a
 * token (or why not, explained), which required application permissions the token carries, does one cheap
 * Graph call go through, and when does the client certificate expire.
 */
import type { Clock } from '../sync/ports';
import { daysUntilExpiry, type ClientCertificate } from './client-certificate';
import { EntraAuthError, GraphIntegrationError } from './errors';
import type { GraphGetter } from './directory';
import { grantPermissionFix, REQUIRED_PERMISSIONS, type RequiredPermission } from './required-permissions';
import { readTokenClaims } from './token-claims';
import type { TokenProvider } from './token-provider';

/** Broader permissions that include a required one. */
const ALSO_GRANTED_BY: Record<RequiredPermission, string[]> = {
  'Presence.Read.All': ['Presence.ReadWrite.All'],
  'Presence.ReadWrite.All': [],
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'TeamsUserConfiguration.Read.All': [],
  'RoleManagement.Read.Directory': ['RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};

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
  permissions: PermissionStatus[];
  probe?: { ok: boolean; detail: string; problem?: CheckProblem };
  certificate?: { notAfter: string; daysLeft: number; warning?: string };
}

export interface PermissionCheckOptions {
  tenantId: string;
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
  let token: string;
  let expiresAt: number;
  try {
    ({ token, expiresAt } = await options.tokens.getToken());
  } catch (err) {
    return { tenantId: options.tenantId, ok: false, token: { ok: false, problem: asProblem(err) }, permissions: [], certificate };
  }

  const roles = new Set(readTokenClaims(token).roles ?? []);
  const permissions: PermissionStatus[] = REQUIRED_PERMISSIONS.map(({ name, purpose }) => {
    if (roles.has(name)) return { name, purpose, granted: true };
    const via = ALSO_GRANTED_BY[name].find((broader) => roles.has(broader));
    return via ? { name, purpose, granted: true, via } : { name, purpose, granted: false, fix: grantPermissionFix(name) };
  });

  let probe: PermissionCheckResult['probe'];
  try {
    // One page of one user, id only: the cheapest call that proves Graph accepts our token.
    await options.client.get('/users/delta?$select=id&$top=1', { operation: 'a test call (one user id)' });
    probe = { ok: true, detail: 'Microsoft Graph answered a test call (read one user id).' };
  } catch (err) {
    const problem = asProblem(err);
    probe = { ok: false, detail: problem.message, problem };
  }

  const ok = permissions.every((p) => p.granted) && probe.ok;
  return { tenantId: options.tenantId, ok, token: { ok: true, expiresAt }, permissions, probe, certificate };
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
