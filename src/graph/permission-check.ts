/**
 * What `presence-bridge check` and the admin tab show about the Microsoft side of a tenant: can we get a
 * token (or why not, explained), which required application permissions are granted (never read from the
 * token, which is opaque to us), does one cheap Graph call go through, and when does the client certificate
 * expire. The grants come from Graph's exact list when the app holds the optional Application.Read.All, and
 * otherwise from harmless probes (permission-probes.ts), each permission then granted, missing or not verifiable.
 */
import type { Clock } from '../time/clock';
import { daysUntilExpiry, type ClientCertificate } from './client-certificate';
import { isCodedError } from '../coded-error';
import { EntraAuthError } from './errors';
import { readGrantedGraphPermissions } from './granted-permissions';
import { type GraphProber, type ProbeVerdict, probeGraphPermissions } from './permission-probes';
import { grantPermissionFix, OPTIONAL_PERMISSIONS, REQUIRED_PERMISSIONS, type CheckedPermission } from './required-permissions';
import type { TokenProvider } from './token-provider';

/** Broader permissions that include a required one. */
const ALSO_GRANTED_BY: Record<CheckedPermission, string[]> = {
  'Presence.Read.All': ['Presence.ReadWrite.All'],
  'Presence.ReadWrite.All': [],
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'TeamsUserConfiguration.Read.All': [],
  'RoleManagement.Read.Directory': ['RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Application.Read.All': ['Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};

/** Said once when the grants were probed rather than listed: a hint, not a fault. */
export const LISTING_NOTE =
  'Checked with harmless test calls, because the optional permission Application.Read.All is not granted. Granting it would give the exact list of granted permissions; everything works without it.';

export const CERTIFICATE_WARNING_DAYS = 30;

/** `unverified`: no harmless call shows it (see `detail`); it does not fail the check. */
export type PermissionState = 'granted' | 'missing' | 'unverified';

export interface PermissionStatus {
  name: CheckedPermission;
  purpose: string;
  state: PermissionState;
  /** `state === 'granted'`. */
  granted: boolean;
  /** Not needed to run: missing does not fail the check. */
  optional?: true;
  /** Set when granted through a broader permission, e.g. "Presence.ReadWrite.All". */
  via?: string;
  /** How a probe found it, or why it could not tell. */
  detail?: string;
  fix?: string;
}

export interface CheckProblem {
  code: string;
  message: string;
  fix?: string;
}

export interface PermissionCheckResult {
  tenantId: string;
  /** Token obtained, no required permission known missing, probe answered. */
  ok: boolean;
  token: { ok: true; expiresAt: number } | { ok: false; problem: CheckProblem & { aadsts?: number } };
  /**
   * Where `permissions` came from: Graph's list of grants, or probes (`note` says why, calmly). `ok` is false
   * only when listing failed for a reason other than the optional permission being absent.
   */
  grants?: { ok: boolean; source: 'listing' | 'probes'; note?: string; problem?: CheckProblem };
  permissions: PermissionStatus[];
  probe?: { ok: boolean; detail: string; problem?: CheckProblem };
  certificate?: { notAfter: string; daysLeft: number; warning?: string };
}

export interface PermissionCheckOptions {
  tenantId: string;
  /** The app whose service principal's grants are listed. */
  clientId: string;
  tokens: TokenProvider & { certificate?: ClientCertificate };
  client: GraphProber;
  clock: Clock;
  certificateWarningDays?: number;
}

function asProblem(err: unknown): CheckProblem & { aadsts?: number } {
  if (isCodedError(err)) {
    return {
      code: err.code,
      message: err.problem,
      fix: err.fix,
      ...(err instanceof EntraAuthError && err.aadsts ? { aadsts: err.aadsts } : {}),
    };
  }
  return { code: 'error', message: err instanceof Error ? err.message : String(err) };
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
    permissions = fromListing(await readGrantedGraphPermissions(options.client, options.clientId));
    grants = { ok: true, source: 'listing' };
  } catch (err) {
    const problem = asProblem(err);
    const refused = problem.code === 'graph-permission';
    grants = refused ? { ok: true, source: 'probes', note: LISTING_NOTE } : { ok: false, source: 'probes', problem };
    permissions = fromProbes(await probeGraphPermissions(options.client), refused);
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

  const ok = grants.ok && permissions.every((p) => p.state !== 'missing' || p.optional) && probe.ok;
  return { tenantId: options.tenantId, ok, token: { ok: true, expiresAt }, grants, permissions, probe, certificate };
}

function fromListing(granted: Set<string>): PermissionStatus[] {
  const status = (name: CheckedPermission, purpose: string): PermissionStatus => {
    if (granted.has(name)) return { name, purpose, state: 'granted', granted: true };
    const via = ALSO_GRANTED_BY[name].find((broader) => granted.has(broader));
    return via
      ? { name, purpose, state: 'granted', granted: true, via }
      : { name, purpose, state: 'missing', granted: false, fix: grantPermissionFix(name) };
  };
  return [
    ...REQUIRED_PERMISSIONS.map(({ name, purpose }) => status(name, purpose)),
    ...OPTIONAL_PERMISSIONS.map(({ name, purpose }) => ({ ...status(name, purpose), optional: true as const })),
  ];
}

/** `listingRefused`: Graph said no to the listing, so the optional permission is known to be absent. */
function fromProbes(verdicts: Record<string, ProbeVerdict>, listingRefused: boolean): PermissionStatus[] {
  const required = REQUIRED_PERMISSIONS.map(({ name, purpose }): PermissionStatus => {
    const v = verdicts[name];
    return {
      name,
      purpose,
      state: v.state,
      granted: v.state === 'granted',
      ...(v.detail ? { detail: v.detail } : {}),
      ...(v.state === 'missing' ? { fix: grantPermissionFix(name) } : {}),
    };
  });
  const optional = OPTIONAL_PERMISSIONS.map(({ name, purpose }): PermissionStatus =>
    listingRefused
      ? { name, purpose, state: 'missing', granted: false, optional: true, fix: grantPermissionFix(name) }
      : {
          name,
          purpose,
          state: 'unverified',
          granted: false,
          optional: true,
          detail: 'listing the grants failed for another reason (see above)',
        },
  );
  return [...required, ...optional];
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
