/** Settings of the AMI connector, validated once when the connector is created. */
import { z } from 'zod';
import { ROUTING_STATES } from '../../sync/states';
import {
  devicePrefixSchema,
  parseSettings,
  reconnectSchema,
  redactSecret,
  routingDeviceStatesSchema,
  technologySchema,
  tenantIdSchema,
  DEFAULT_RECONNECT,
} from './settings-common';

const presenceSchema = z
  .object({
    /** Also set `PRESENCE_STATE(CustomPresence:<prefix><ext>)` (phones and apps that show presence). */
    enabled: z.boolean().default(true),
    prefix: devicePrefixSchema.default(''),
    /** The free text per routing state, e.g. `{ dnd: "In a Teams meeting" }`. */
    messages: z
      .object(Object.fromEntries(ROUTING_STATES.map((s) => [s, z.string().max(200).optional()])))
      .strict()
      .default({}),
    /** Report a dnd that someone else set on our CustomPresence as line state `dnd`. */
    reportDnd: z.boolean().default(true),
  })
  .strict();

const queuePauseSchema = z
  .object({
    /** Pause queue members (agents) in these routing states, unpause them in the others. */
    enabled: z.boolean().default(false),
    /** One queue; all queues of the member when left out. */
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use the queue name from queues.conf')
      .optional(),
    pausedStates: z.array(z.enum(ROUTING_STATES)).default(['dnd', 'unavailable']),
    reason: z
      .string()
      .regex(/^[^\r\n]{0,80}$/, 'one line, at most 80 characters')
      .default('Microsoft Teams'),
  })
  .strict();

export const amiSettingsSchema = z
  .object({
    tenantId: tenantIdSchema,
    host: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, 'give the Asterisk host name or IP address'),
    port: z.number().int().min(1).max(65_535).default(5038),
    username: z.string().regex(/^[^\s]{1,80}$/, 'give the [user] name from manager.conf'),
    secret: z
      .string()
      .min(1, 'give the secret of that manager.conf user')
      .regex(/^[^\r\n]*$/, 'one line only'),
    technology: technologySchema,
    /** Our device per extension is `Custom:<customPrefix><extension>`. */
    customPrefix: devicePrefixSchema.default('teams-'),
    /**
     * Where line state comes from: `device` = DeviceStateChange of `<technology>/<ext>` (the phone alone);
     * `hint` = ExtensionStatus of the extension's hint (several phones combined). A hint that also holds our
     * Custom: device would echo our own writes, so such events are ignored; see README.md.
     */
    lineStateSource: z.enum(['device', 'hint']).default('device'),
    /** With `hint`: only ExtensionStatus from this dialplan context counts. */
    hintContext: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,80}$/, 'use a dialplan context name')
      .optional(),
    presence: presenceSchema.default({ enabled: true, prefix: '', messages: {}, reportDnd: true }),
    queuePause: queuePauseSchema.default({ enabled: false, pausedStates: ['dnd', 'unavailable'], reason: 'Microsoft Teams' }),
    routingDeviceStates: routingDeviceStatesSchema,
    pingIntervalMs: z.number().int().min(1_000).max(300_000).default(20_000),
    actionTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    reconnect: reconnectSchema.default(DEFAULT_RECONNECT),
  })
  .strict();

export type AmiSettingsInput = z.input<typeof amiSettingsSchema>;
export type AmiSettings = z.output<typeof amiSettingsSchema>;

export function parseAmiSettings(input: unknown): Readonly<AmiSettings> {
  return parseSettings('asterisk-ami', amiSettingsSchema, input);
}

/** For logs and the tab: everything but the secret. */
export function redactAmiSettings(settings: AmiSettings): Record<string, unknown> {
  return redactSecret(settings, 'secret');
}
