/**
 * What the admin API accepts, as zod schemas whose messages say how to fix the value. A Setup change's schema is
 * the admin service's own (src/service/admin/setup-change-schema.ts): the service checks every change with it.
 */
import { z } from 'zod';
import type { UserQuery } from '../service/admin/admin-service';

const USER_STATUSES = ['matched', 'unmatched', 'conflict', 'overridden', 'excluded'] as const;

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const userIdParam = z
  .string()
  .min(1, { error: 'is missing; put the user id (Entra object id) in the path' })
  .max(200, { error: 'is too long to be a user id' })
  .regex(/^[^\s/\\]+$/, { error: 'must be a user id without spaces or slashes' });

export const jobIdParam = z.string().regex(/^[0-9a-f-]{36}$/i, { error: 'must be a job id as returned when the job started' });

export const userQuerySchema = z
  .object({
    search: z.string().trim().max(200, { error: 'must be at most 200 characters' }).optional(),
    status: z.enum(USER_STATUSES, { error: `must be one of ${USER_STATUSES.join(', ')}` }).optional(),
    offset: wholeNumber(0, 10_000_000).optional(),
    limit: wholeNumber(1, 500).optional(),
  })
  .transform((q): UserQuery => ({ ...q, search: q.search === '' ? undefined : q.search }));

export const traceQuerySchema = z.object({ limit: wholeNumber(1, 1000).default(50) });

export const overrideBodySchema = z.strictObject(
  {
    extension: z
      .string({ error: 'must be the extension as text (e.g. "1001"), or null to exclude the user' })
      .trim()
      .min(1, { error: 'must not be empty; use null to exclude the user' })
      .max(64, { error: 'must be at most 64 characters' })
      .regex(/^[0-9A-Za-z+*#._-]+$/, { error: 'may contain only digits, letters and + * # . _ -' })
      .nullable(),
  },
  { error: 'must be a JSON object like {"extension": "1001"} or {"extension": null}' },
);

export const refreshBodySchema = z
  .strictObject(
    { acceptDrop: z.boolean({ error: 'must be true or false' }).optional() },
    { error: 'must be a JSON object like {"acceptDrop": true}' },
  )
  .optional()
  .transform((b) => b ?? {});

/** A policy draft: the AdminService validates its content; here it only has to be a JSON object. */
export const policyBodySchema = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object with the sync policy (as GET /api/admin/rules returns it)' })
  // {} would parse as "the default preset": a body that says nothing must change nothing.
  .refine((draft) => Object.keys(draft).length > 0, {
    error: 'is an empty object; send the sync policy (as GET /api/admin/rules returns it), or at least {"preset": "<name>"}',
  });

/** Where Entra sends the admin back after consent: our own https page (http only on this machine). */
const redirectUri = z.url({ error: 'must be an absolute URL' }).refine(
  (u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  },
  { error: 'must use https (http only for localhost)' },
);

export const consentUrlQuerySchema = z.object({
  redirectUri,
  state: z.string().regex(/^[A-Za-z0-9._~-]{1,512}$/, { error: 'must be 1 to 512 letters, digits or . _ ~ -' }),
});

export const consentResultBodySchema = z.strictObject(
  {
    granted: z.boolean({ error: 'must be true or false' }),
    error: z.string().max(200).optional(),
    errorDescription: z.string().max(2000).optional(),
  },
  { error: 'must be a JSON object like {"granted": true}' },
);
