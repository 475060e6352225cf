/** One application registered in (or consented into) a simulated tenant, and how its credentials are checked. */
import { X509Certificate, createHash } from 'node:crypto';
import { SimulatorUsageError } from './errors';

export const GRAPH_APPLICATION_PERMISSIONS = [
  'Presence.Read.All',
  'Presence.ReadWrite.All',
  'User.Read.All',
  'TeamsUserConfiguration.Read.All',
  'RoleManagement.Read.Directory',
  // Optional for the product (an exact permission check); granted by default so the demo lists grants exactly.
  'Application.Read.All',
] as const;

export type SecretState = 'valid' | 'expired';

export interface RegisteredCertificate {
  certificate: X509Certificate;
  /** base64url SHA-1 and SHA-256 thumbprints, as msal-node puts them in `x5t` / `x5t#S256`. */
  x5t: string;
  x5tS256: string;
}

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  secretState: SecretState;
  /** Simulator time after which the secret counts as expired; undefined: never. */
  secretExpiresAt?: number;
  certificates: RegisteredCertificate[];
  /** Application permissions the admin consented to (token `roles`). */
  grantedPermissions: Set<string>;
  consented: boolean;
  deleted: boolean;
  /** Access tokens issued before this (s since epoch) answer 401: the app's sessions were revoked. */
  tokensValidFromS?: number;
}

export function registerCertificate(pem: string): RegisteredCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (cause) {
    throw new SimulatorUsageError(
      `clientCertificatePem is not a PEM X.509 certificate (${String(cause)}); pass the public certificate, not the key.`,
    );
  }
  return {
    certificate,
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
  };
}

export function isSecretExpired(app: AppRegistration, now: number): boolean {
  return app.secretState === 'expired' || (app.secretExpiresAt !== undefined && now >= app.secretExpiresAt);
}
