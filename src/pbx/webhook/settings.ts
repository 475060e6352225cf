/**
 * Webhook connector settings: parsed once into a frozen object, with messages that say how to fix a value.
 * The secret lives in the store's secret repository; the caller puts it in here, and `describeWebhookSettings`
 * is the only form fit for a log line or an API answer.
 */
import { z } from 'zod';
import type { BackoffPolicy } from '../../backoff';
import { WebhookSettingsError } from './errors';
import { DEFAULT_LINE_STATE_MAPPING, lineStateMappingSchema, type LineStateMapping } from './line-state-mapping';

export const MIN_SECRET_LENGTH = 16;

/** Retries of one webhook request (full jitter, the shared backoff's default). */
export const DEFAULT_WEBHOOK_RETRY: Readonly<BackoffPolicy> = Object.freeze({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 });

const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an absolute http(s) URL, e.g. https://pbx.example.com/presence',
});

export const webhookSettingsSchema = z
  .object({
    /** Where routing state is POSTed. Omitted: the PBX only reports line state (PBX -> Teams only). */
    routingUrl: httpUrl.optional(),
    /** GET returns a JSON array of PbxUser. Omitted: users come from elsewhere (CSV import, identity overrides). */
    usersUrl: httpUrl.optional(),
    secret: z
      .string({ error: 'is required: the shared secret both sides sign with' })
      .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters: generate one, e.g. with "openssl rand -hex 32"`),
    /**
     * The secret before the current one, still accepted on incoming line-state events (never used to sign)
     * until `until` (ms since epoch; none: until it is removed), so a rotation loses no event.
     */
    previousSecret: z
      .object({
        secret: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`),
        until: z.number().int().positive().optional(),
      })
      .optional(),
    /** Per HTTP request, each retry included. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(10).default(DEFAULT_WEBHOOK_RETRY.maxAttempts),
        baseDelayMs: z.number().int().min(1).max(60_000).default(DEFAULT_WEBHOOK_RETRY.baseDelayMs),
        maxDelayMs: z.number().int().min(1).max(300_000).default(DEFAULT_WEBHOOK_RETRY.maxDelayMs),
      })
      .default({ ...DEFAULT_WEBHOOK_RETRY })
      .refine((r) => r.baseDelayMs <= r.maxDelayMs, 'baseDelayMs must not exceed maxDelayMs'),
    /** Failed writes in a row (after their retries) before health says "down" rather than "degraded". */
    downAfterFailures: z.number().int().min(1).max(100).default(3),
    lineState: z
      .object({
        /** Accept signed line-state events from the PBX. */
        enabled: z.boolean().default(true),
        toleranceSeconds: z.number().int().min(1).max(3_600).default(300),
        mapping: lineStateMappingSchema.default(DEFAULT_LINE_STATE_MAPPING),
      })
      .default({ enabled: true, toleranceSeconds: 300, mapping: DEFAULT_LINE_STATE_MAPPING }),
  })
  .refine((s) => s.routingUrl !== undefined || s.lineState.enabled, {
    message: 'configure a routingUrl, keep lineState enabled, or both: otherwise the connector does nothing',
    path: ['routingUrl'],
  });

export type WebhookSettingsInput = z.input<typeof webhookSettingsSchema>;
export interface WebhookSettings extends Readonly<z.output<typeof webhookSettingsSchema>> {
  readonly lineState: { enabled: boolean; toleranceSeconds: number; mapping: LineStateMapping };
}

export function parseWebhookSettings(input: unknown): WebhookSettings {
  const result = webhookSettingsSchema.safeParse(input);
  if (!result.success) {
    // zod messages only, never `issue.input`: that could be the secret.
    throw new WebhookSettingsError(result.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
  }
  return Object.freeze(result.data);
}

/** Settings without the secret, for logs, the status page and API answers. */
export function describeWebhookSettings(settings: WebhookSettings): Record<string, unknown> {
  const { secret: _secret, previousSecret, ...rest } = settings;
  return { ...rest, secret: 'set', ...(previousSecret && { previousSecret: { secret: 'set', until: previousSecret.until } }) };
}
