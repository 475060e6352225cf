/**
 * A client certificate for Entra's certificate credential: the SHA-256 thumbprint msal needs, the key in the
 * PKCS#8 form msal accepts, and the expiry date so the product can warn days ahead.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { ClientCertificateError } from './errors';

export interface ClientCertificate {
  /** Hex, no colons, as msal's `thumbprintSha256` wants it. */
  thumbprintSha256: string;
  /** PKCS#8 PEM. Never log it. */
  privateKeyPem: string;
  /** Base64 DER of the certificate (msal's x5c: lets Entra use subject name + issuer auth). */
  x5c: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

const MS_PER_DAY = 86_400_000;

export function readClientCertificate(tenantId: string, certPem: string, keyPem: string): ClientCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (err) {
    throw new ClientCertificateError(
      tenantId,
      'the certificate is not a readable PEM certificate',
      'give the PEM file that starts with -----BEGIN CERTIFICATE-----.',
      { cause: err },
    );
  }
  let privateKeyPem: string;
  try {
    const key = createPrivateKey(keyPem);
    if (!cert.checkPrivateKey(key)) {
      throw new ClientCertificateError(
        tenantId,
        'the private key does not belong to the certificate',
        'give the key file created together with this certificate.',
      );
    }
    privateKeyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (err) {
    if (err instanceof ClientCertificateError) throw err;
    throw new ClientCertificateError(
      tenantId,
      'the private key is not a readable, unencrypted PEM key',
      'give the PEM file that starts with -----BEGIN PRIVATE KEY----- (decrypt it first if it has a passphrase).',
      { cause: err },
    );
  }
  return {
    thumbprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKeyPem,
    x5c: cert.raw.toString('base64'),
    subject: cert.subject,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/** Whole days until the certificate expires (negative once it has). */
export function daysUntilExpiry(certificate: Pick<ClientCertificate, 'notAfter'>, now: number): number {
  return Math.floor((certificate.notAfter.getTime() - now) / MS_PER_DAY);
}
