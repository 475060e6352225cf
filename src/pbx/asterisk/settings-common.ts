/** What both Asterisk connectors' settings share, and how a zod failure becomes an actionable error. */
import { z } from 'zod';
import { ROUTING_STATES } from '../../sync/states';
import type { Clock, Scheduler } from '../../time/clock';
import type { OutboundGuard } from '../outbound-guard';
import { SETTABLE_DEVICE_STATES } from './device-state';
import { AsteriskSettingsError } from './errors';

export const tenantIdSchema = z.string().min(1, 'name the tenant this connector serves');

export const reconnectSchema = z
  .object({
    baseDelayMs: z.number().int().min(10).default(500),
    maxDelayMs: z.number().int().min(100).default(30_000),
  })
  .refine((r) => r.maxDelayMs >= r.baseDelayMs, {
    message: 'maxDelayMs must be at least baseDelayMs',
  });

export const DEFAULT_RECONNECT = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** Override what a routing state becomes, e.g. `{ busy: 'BUSY' }`. */
export const routingDeviceStatesSchema = z
  .object(Object.fromEntries(ROUTING_STATES.map((s) => [s, z.enum(SETTABLE_DEVICE_STATES).optional()])))
  .strict()
  .default({});

/** An extension or a device name segment: what Asterisk accepts in PJSIP/<ext> and Custom:<name>. */
export const extensionSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.+-]{1,64}$/, 'use letters, digits and _ . + - only (at most 64), e.g. "1001"');

export const devicePrefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.+-]{0,32}$/, 'use letters, digits and _ . + - only (at most 32), e.g. "teams-"');

export const technologySchema = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,16}$/, 'use the channel technology name, e.g. "PJSIP" or "SIP"')
  .default('PJSIP');

/** Collaborators a test (or the composition root) may hand in; all optional. */
export interface AsteriskDeps {
  clock?: Clock;
  scheduler?: Scheduler;
  random?: () => number;
  logger?: AsteriskLogger;
  /** A tenant admin's address: every connection is judged by the outbound address policy. */
  outbound?: OutboundGuard;
}

/** The slice of pino the connectors use. */
export interface AsteriskLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLogger: AsteriskLogger = { info: () => undefined, warn: () => undefined };

/** For logs and the tab: everything but the secret field, which only says that it is set. */
export function redactSecret<T extends object>(settings: T, secretField: keyof T & string): Record<string, unknown> {
  const { [secretField]: _secret, ...rest } = settings;
  return { ...rest, [secretField]: '(set)' };
}

/** Parses with `schema` or throws one error that lists every problem with its field. */
export function parseSettings<S extends z.ZodType>(
  connector: 'asterisk-ari' | 'asterisk-ami',
  schema: S,
  input: unknown,
): Readonly<z.output<S>> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(settings)';
      return `${field}: ${issue.message}`;
    });
    throw new AsteriskSettingsError(connector, problems);
  }
  return Object.freeze(result.data);
}
