/**
 * What a tenant record keeps besides secrets: how to reach Microsoft and the PBX. Validated on the way in
 * (admin input) and on the way out (a stored record from an older version).
 */
import { z } from 'zod';
import { CONNECTOR_KINDS } from '../../pbx/connector-kinds';
import { CodedError } from '../../coded-error';

export const tenantSettingsSchema = z.object({
  /** demo: the simulators; multiTenant: our app, consented by the tenant's admin; ownApp: the tenant's own registration. */
  appKind: z.enum(['demo', 'multiTenant', 'ownApp']),
  authorityHost: z.string().url(),
  graphBaseUrl: z.string().url(),
  connector: z.object({
    kind: z.enum(CONNECTOR_KINDS),
    url: z.string().optional(),
    usersUrl: z.string().optional(),
    username: z.string().optional(),
    /**
     * "operator": the addresses come from the environment (PB_PBX_URL ...) or demo mode, and are trusted.
     * Absent: a tenant admin entered them in Setup, and the outbound address policy applies to every connection.
     */
    setBy: z.literal('operator').optional(),
  }),
  /** The public half of a client certificate (the private key is a secret). */
  certificatePem: z.string().optional(),
  /** When the client secret expires, as the admin entered it: Graph does not tell an app its own secret's expiry. */
  clientSecretExpiresAt: z.number().optional(),
  /** Until when the previous PBX secret is still accepted (ms since epoch); absent: while it is stored. */
  pbxSecretPreviousUntil: z.number().optional(),
  /** Who last changed Setup, and when. */
  changed: z.object({ by: z.string(), at: z.number() }).optional(),
  consent: z.object({ granted: z.boolean(), at: z.number(), by: z.string(), error: z.string().optional() }).optional(),
});

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** Names under which a tenant's secrets are stored (encrypted). */
export const SECRET_NAMES = {
  clientSecret: 'clientSecret',
  privateKeyPem: 'privateKeyPem',
  pbxSecret: 'pbxSecret',
  /** The PBX secret before the current one, accepted on incoming events until pbxSecretPreviousUntil. */
  pbxSecretPrevious: 'pbxSecretPrevious',
  pbxPassword: 'pbxPassword',
} as const;

export class TenantSettingsError extends CodedError {
  readonly code = 'badTenantSettings';
  constructor(tenantId: string, detail: string) {
    super(`The stored settings of tenant ${tenantId} are not valid (${detail}).`, 'complete Setup for the tenant again in the admin tab.', {
      fixInMessage: ' Fix: ',
    });
  }
}

export function readTenantSettings(tenantId: string, raw: unknown): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new TenantSettingsError(tenantId, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
