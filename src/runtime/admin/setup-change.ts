/**
 * The service's own checks of a Setup change, beyond the shape the HTTP edge already checked (the same
 * schema, src/admin/request-schemas.ts, so every caller meets the same rules): a secret's ID pasted for its
 * value, and a certificate that cannot be used. Every problem is named with its field; nothing is applied.
 */
import type { z } from 'zod';
import { AdminInputError } from '../../admin/admin-service';
import { setupChangeSchema } from '../../admin/request-schemas';
import { readClientCertificate } from '../../graph';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ValidSetupChange = z.infer<typeof setupChangeSchema>;

export function parseSetupChange(tenantId: string, input: unknown): ValidSetupChange {
  const parsed = setupChangeSchema.safeParse(input);
  if (!parsed.success) {
    throw new AdminInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const change = parsed.data;
  if (change.clientSecret && GUID.test(change.clientSecret)) {
    throw new AdminInputError([{ path: 'clientSecret', message: "this looks like the secret's ID; paste the secret's Value (shown once, when the secret was created)" }]);
  }
  if (change.connector?.secret !== undefined && change.connector.secret.length < 16) {
    throw new AdminInputError([{ path: 'connector.secret', message: 'must be at least 16 characters' }]);
  }
  if (change.certificatePem && change.privateKeyPem) {
    try {
      readClientCertificate(tenantId, change.certificatePem, change.privateKeyPem);
    } catch (err) {
      throw new AdminInputError([{ path: 'certificatePem', message: (err as Error).message }]);
    }
  }
  return change;
}

/**
 * The client secret's expiry to store after a change: the date given (null clears it); none given with a new
 * secret clears it too (the stored date was the old secret's); otherwise the stored one stays.
 */
export function secretExpiry(change: Pick<ValidSetupChange, 'clientSecret' | 'clientSecretExpiresAt'>, stored: number | undefined): number | undefined {
  if (change.clientSecretExpiresAt !== undefined) return change.clientSecretExpiresAt ?? undefined;
  return change.clientSecret !== undefined ? undefined : stored;
}
