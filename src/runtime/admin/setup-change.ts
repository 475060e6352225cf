/** Validation of an admin's Setup change: every problem named with its field and fix; nothing applied on error. */
import { z } from 'zod';
import { AdminInputError } from '../../admin/admin-service';
import { readClientCertificate } from '../../graph';
import { CONNECTOR_KINDS } from '../tenant-settings';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const setupChangeSchema = z
  .object({
    appKind: z.enum(['multiTenant', 'ownApp']).optional(),
    clientId: z.string().regex(GUID, "must be the app registration's Application (client) ID, a GUID").optional(),
    clientSecret: z
      .string()
      .min(1)
      .refine((v) => !GUID.test(v), "this looks like the secret's ID; paste the secret's Value (shown once, when the secret was created)")
      .optional(),
    clientSecretExpiresAt: z.number().int().positive().optional(),
    certificatePem: z.string().includes('BEGIN CERTIFICATE', { message: 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)' }).optional(),
    privateKeyPem: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key (-----BEGIN PRIVATE KEY-----)' }).optional(),
    connector: z
      .object({
        kind: z.enum(CONNECTOR_KINDS, { message: `must be one of ${CONNECTOR_KINDS.join(', ')}` }),
        url: z.string().url('must be a URL such as https://pbx.example.com/presence, sip://pbx:5060 or tcp://asterisk:5038').optional(),
        usersUrl: z.string().url('must be a URL').optional(),
        username: z.string().optional(),
        password: z.string().optional(),
        secret: z.string().min(16, 'must be at least 16 characters').optional(),
      })
      .strict()
      .optional(),
    directions: z.object({ teamsToPbx: z.boolean().optional(), pbxToTeams: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export type ValidSetupChange = z.infer<typeof setupChangeSchema>;

export function parseSetupChange(tenantId: string, input: unknown): ValidSetupChange {
  const parsed = setupChangeSchema.safeParse(input);
  if (!parsed.success) {
    throw new AdminInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const change = parsed.data;
  if ((change.certificatePem === undefined) !== (change.privateKeyPem === undefined)) {
    throw new AdminInputError([{ path: change.certificatePem ? 'privateKeyPem' : 'certificatePem', message: 'a certificate and its private key go together: give both' }]);
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
