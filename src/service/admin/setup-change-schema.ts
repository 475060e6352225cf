/**
 * A Setup change (SetupChange) as a zod schema whose messages say how to fix the value. The tab's HTTP API checks
 * a request body with it, and the admin service checks every change with it again, whoever calls.
 */
import { z } from 'zod';
import { CONNECTOR_KINDS } from '../../pbx/connector-kinds';
import type { SetupChange } from './admin-service';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pem = (label: string) =>
  z.string().refine((s) => s.includes(`-----BEGIN ${label}`), { error: `must be PEM text starting with -----BEGIN ${label}` });

export const setupChangeSchema = z
  .strictObject(
    {
      appKind: z.enum(['multiTenant', 'ownApp'], { error: 'must be multiTenant or ownApp' }).optional(),
      clientId: z.string().regex(GUID, { error: "must be the app registration's Application (client) ID, a GUID" }).optional(),
      clientSecret: z.string().min(1, { error: 'must not be empty; leave it out to keep the stored secret' }).max(1024).optional(),
      clientSecretExpiresAt: z
        .number({ error: 'must be a time in ms since 1970 (when the secret expires), or null when it is not known' })
        .int()
        .positive()
        .nullable()
        .optional(),
      certificatePem: pem('CERTIFICATE').optional(),
      privateKeyPem: z
        .string()
        .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, { error: 'must be PEM text starting with -----BEGIN PRIVATE KEY' })
        .optional(),
      connector: z
        .strictObject({
          kind: z.enum(CONNECTOR_KINDS, { error: `must be one of ${CONNECTOR_KINDS.join(', ')}` }),
          url: z.url({ error: 'must be a URL such as https://pbx.example.com/presence or sip://pbx.example.com:5060' }).optional(),
          usersUrl: z.url({ error: 'must be a URL' }).optional(),
          username: z.string().max(256).optional(),
          password: z.string().max(1024).optional(),
          secret: z.string().max(1024).optional(),
        })
        .optional(),
      directions: z.strictObject({ teamsToPbx: z.boolean().optional(), pbxToTeams: z.boolean().optional() }).optional(),
    },
    { error: 'must be a JSON object with the settings to change' },
  )
  .refine((c) => (c.certificatePem === undefined) === (c.privateKeyPem === undefined), {
    error: 'certificatePem and privateKeyPem go together: send both, or neither',
    path: ['certificatePem'],
  }) satisfies z.ZodType<SetupChange>;
