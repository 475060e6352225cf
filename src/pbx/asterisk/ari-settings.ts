/** Settings of the ARI connector, validated once when the connector is created. */
import { z } from 'zod';
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

export const ariSettingsSchema = z
  .object({
    tenantId: tenantIdSchema,
    /** e.g. http://pbx.example.com:8088/ari */
    url: z.string().regex(/^https?:\/\/[^\s/]+(:\d+)?\/.*ari\/?$/, 'give the ARI base URL, e.g. http://pbx.example.com:8088/ari'),
    username: z.string().min(1, 'give the ARI user from ari.conf'),
    password: z.string().min(1, "give the ARI user's password from ari.conf"),
    /** The Stasis application name our WebSocket registers. */
    app: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use letters, digits and _ . - only, e.g. "presence-bridge"')
      .default('presence-bridge'),
    /** The phones' channel technology: line state is read from `<technology>/<extension>` devices. */
    technology: technologySchema,
    /** Our device per extension is `Stasis:<stasisPrefix><extension>`. */
    stasisPrefix: devicePrefixSchema.default('teams-'),
    /** Receive every Asterisk event instead of subscribing per extension (simpler, far more traffic). */
    subscribeAll: z.boolean().default(false),
    routingDeviceStates: routingDeviceStatesSchema,
    requestTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    /** While connected, `GET /asterisk/ping` this often; an unanswered ping drops the events socket and reconnects. */
    pingIntervalMs: z.number().int().min(1_000).max(300_000).default(20_000),
    reconnect: reconnectSchema.default(DEFAULT_RECONNECT),
  })
  .strict();

export type AriSettingsInput = z.input<typeof ariSettingsSchema>;
export type AriSettings = z.output<typeof ariSettingsSchema>;

export function parseAriSettings(input: unknown): Readonly<AriSettings> {
  return parseSettings('asterisk-ari', ariSettingsSchema, input);
}

/** For logs and the tab: everything but the password. */
export function redactAriSettings(settings: AriSettings): Record<string, unknown> {
  return redactSecret(settings, 'password');
}
