/**
 * Bad days, switchable per tenant: 429 storms, 503s at a rate, slow answers, a bare 400 for long presence id
 * lists, 500 when a presence id list holds a deleted user. Randomness comes from a seeded generator so a test
 * that sets a rate gets the same sequence every run.
 */
import { z } from 'zod';
import { SimulatorUsageError } from './errors';

export const faultSettingsSchema = z
  .object({
    /** Every presence request (or the given share of them) gets 429 TooManyRequests until simulator time `until`. */
    throttleStorm: z
      .object({
        until: z.number(),
        retryAfterSeconds: z.number().positive(),
        rate: z.number().min(0).max(1).default(1),
      })
      .optional(),
    /** Share of Graph requests answered 503 ServiceUnavailable with Retry-After. */
    serverErrorRate: z.number().min(0).max(1).optional(),
    serverErrorRetryAfterSeconds: z.number().positive().optional(),
    /** Extra milliseconds of real time before every Graph answer. */
    slowMs: z.number().int().min(0).max(120_000).optional(),
    /** getPresencesByUserId with more ids than this gets a bare 400 (no body). */
    bareBadRequestAboveIds: z.number().int().positive().optional(),
    /** getPresencesByUserId fails with 500 when any id is a deleted user. */
    failOnDeletedIds: z.boolean().optional(),
    /** The tenant's sign-in endpoints (discovery, token) cut the connection without answering: an unreachable authority host. */
    entraUnreachable: z.boolean().optional(),
  })
  .strict();

export type FaultSettings = z.input<typeof faultSettingsSchema>;
export type ActiveFaults = z.output<typeof faultSettingsSchema>;

export function parseFaultSettings(input: unknown): ActiveFaults {
  const parsed = faultSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new SimulatorUsageError(`Invalid fault settings: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
