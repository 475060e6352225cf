/**
 * Client certificates made at test time, valid for a number of days from now, so a test about expiry means
 * the same on any day (a fixture file with a fixed end date drifts out of its band and then expires).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  certPem: string;
  keyPem: string;
}

export const DAY_MS = 86_400_000;

/** A self-signed RSA certificate with notBefore = now and notAfter = now + `days` (openssl, as an admin would make one). */
export function certificateValidFor(days: number, commonName = 'presence-bridge-test-client'): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'pb-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        String(days),
        '-subj',
        `/CN=${commonName}`,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
