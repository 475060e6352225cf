/**
 * An added app registration (AppRegistrationInput) and a change to one (AppRegistrationChange) as zod schemas
 * whose messages say how to fix the value. The HTTP routes check the body with them, and the service again.
 */
import { z } from 'zod';
import type { AppRegistrationChange, AppRegistrationInput } from './app-registration-views';
import { AdminInputError } from './admin-service';
import { GUID } from './setup-change-schema';

const label = z
  .string({ error: 'must be a name for the registration, e.g. "Presence pool 2"' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(100, { error: 'must be at most 100 characters' });
const clientSecret = z
  .string({ error: 'must be the client secret value (not its id)' })
  .min(1, { error: 'must not be empty' })
  .max(1024, { error: 'is too long to be a client secret' });
const clientSecretExpiresAt = z
  .number({ error: 'must be a time in ms since 1970 (when the secret expires), or null when it is not known' })
  .int()
  .positive()
  .nullable();
const certificatePem = z
  .string()
  .refine((s) => s.includes('-----BEGIN CERTIFICATE'), { error: 'must be PEM text starting with -----BEGIN CERTIFICATE' });
const privateKeyPem = z
  .string()
  .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, { error: 'must be PEM text starting with -----BEGIN PRIVATE KEY' });

/** The object's own message, or for unknown fields their names (and why, for a field that may not change). */
function objectError(message: string, why: Record<string, string> = {}) {
  return (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys ? issue.keys.map((k) => why[k] ?? `unknown field "${k}"`).join('; ') : message;
}

const together = { error: 'certificatePem and privateKeyPem go together: send both, or neither', path: ['certificatePem'] };
const oneCredential = {
  error: 'send either clientSecret or certificatePem with privateKeyPem, not both',
  path: ['clientSecret'],
};

export const appRegistrationInputSchema = z
  .strictObject(
    {
      label,
      clientId: z.string().regex(GUID, { error: "must be the app registration's Application (client) ID, a GUID" }),
      clientSecret: clientSecret.optional(),
      clientSecretExpiresAt: clientSecretExpiresAt.optional(),
      certificatePem: certificatePem.optional(),
      privateKeyPem: privateKeyPem.optional(),
    },
    { error: objectError('must be a JSON object with label, clientId and clientSecret (or certificatePem and privateKeyPem)') },
  )
  .refine((c) => (c.certificatePem === undefined) === (c.privateKeyPem === undefined), together)
  .refine((c) => !(c.clientSecret !== undefined && c.certificatePem !== undefined), oneCredential)
  .refine((c) => c.clientSecret !== undefined || c.certificatePem !== undefined, {
    error: 'is missing: a registration needs a clientSecret, or a certificatePem and privateKeyPem',
    path: ['clientSecret'],
  }) satisfies z.ZodType<AppRegistrationInput>;

export const appRegistrationChangeSchema = z
  .strictObject(
    {
      label: label.optional(),
      clientSecret: clientSecret.optional(),
      clientSecretExpiresAt: clientSecretExpiresAt.optional(),
      certificatePem: certificatePem.optional(),
      privateKeyPem: privateKeyPem.optional(),
    },
    {
      error: objectError('must be a JSON object with the fields to change (label, clientSecret, ...)', {
        clientId: 'the client id cannot change: remove this registration and add the other app',
      }),
    },
  )
  .refine((c) => (c.certificatePem === undefined) === (c.privateKeyPem === undefined), together)
  .refine(
    (c) => !(c.clientSecret !== undefined && c.certificatePem !== undefined),
    oneCredential,
  ) satisfies z.ZodType<AppRegistrationChange>;

export const appRegistrationIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a registration id as listed by GET /api/admin/app-registrations' });

/** Checks `input` with `schema`; every problem named with its field (AdminInputError), nothing applied. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AdminInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const value = parsed.data as { clientSecret?: string };
  if (value.clientSecret !== undefined && GUID.test(value.clientSecret))
    throw new AdminInputError([
      {
        path: 'clientSecret',
        message: "this looks like the secret's ID; paste the secret's Value (shown once, when the secret was created)",
      },
    ]);
  return parsed.data;
}
