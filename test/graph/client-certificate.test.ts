import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { daysUntilExpiry, readClientCertificate } from '../../src/graph/client-certificate';
import { ClientCertificateError } from '../../src/graph/errors';
import { certificateValidFor } from '../support/test-certificates';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const certPem = fixture('client-cert.pem');
const keyPem = fixture('client-cert-key.pem');
const expiring = certificateValidFor(20, 'presence-bridge-expiring-client');

describe('readClientCertificate', () => {
  test('gives the SHA-256 thumbprint of the DER certificate as hex', () => {
    const cert = readClientCertificate('t1', certPem, keyPem);
    const der = new X509Certificate(certPem).raw;
    expect(cert.thumbprintSha256).toBe(createHash('sha256').update(der).digest('hex'));
    expect(cert.x5c).toBe(der.toString('base64'));
    expect(cert.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
  });

  test('exposes the expiry date so the product can warn ahead', () => {
    const cert = readClientCertificate('t1', expiring.certPem, expiring.keyPem);
    expect(cert.notAfter.toISOString()).toBe(new Date(new X509Certificate(expiring.certPem).validTo).toISOString());
    expect(daysUntilExpiry(cert, cert.notAfter.getTime() - 3 * 86_400_000 - 1)).toBe(3);
    expect(daysUntilExpiry(cert, cert.notAfter.getTime() + 1)).toBe(-1);
  });

  test('refuses a key that belongs to another certificate, saying so', () => {
    expect(() => readClientCertificate('t1', certPem, expiring.keyPem)).toThrow(/does not belong to the certificate/);
  });

  test('refuses text that is not a certificate, without echoing it', () => {
    let error: unknown;
    try {
      readClientCertificate('t1', 'not a cert', keyPem);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClientCertificateError);
    expect((error as Error).message).toMatch(/BEGIN CERTIFICATE/);
    expect((error as Error).message).not.toContain('PRIVATE KEY-----\n');
  });
});
