/**
 * The SIP connector's settings: validated once (zod) into a frozen object, with messages that say
 * which value is wrong and how to fix it.
 */
import { z } from 'zod';
import { SipSettingsError } from './sip-errors';

const port = z.number().int().min(0).max(65535);

export const SipConnectorSettingsSchema = z
  .object({
    tenantId: z.string().min(1, 'tenantId is required: every connector belongs to one tenant'),
    /** How to reach the PBX (PB_PBX_URL `?transport=`): UDP datagrams or a TCP connection. */
    transport: z.enum(['udp', 'tcp'], { message: 'transport must be "udp" or "tcp"' }).default('udp'),
    /** The PBX's SIP address; every request goes there. */
    pbxHost: z.string().min(1, 'pbxHost is required, e.g. "pbx.example.com" or "10.0.0.2"'),
    pbxPort: port.min(1).default(5060),
    /** SIP domain of the extensions (sip:<ext>@<domain>); defaults to pbxHost. */
    domain: z.string().min(1).optional(),
    /** Local address to bind (UDP socket or TCP listener) and to put in Contact: one the PBX can reach. */
    localAddress: z.string().min(1).default('127.0.0.1'),
    /** 0: any free port. */
    localPort: port.default(0),
    /** User part of our own SIP identity (From of SUBSCRIBE and PUBLISH). */
    identityUser: z
      .string()
      .regex(/^[\w.!~*'()&=+$,;?/-]+$/, 'identityUser must be a plain SIP user part')
      .default('presence-bridge'),
    /** SIP digest credentials, for a PBX that challenges SUBSCRIBE and PUBLISH (401/407). */
    auth: z
      .object({
        username: z.string().min(1, 'auth.username must not be empty (PB_PBX_USERNAME)'),
        password: z.string().min(1, 'auth.password must not be empty (PB_PBX_PASSWORD)'),
      })
      .optional(),
    subscribeExpiresSec: z.number().int().min(10).max(86400).default(600),
    publishExpiresSec: z.number().int().min(10).max(86400).default(600),
    /** OPTIONS ping interval; a failed ping marks the PBX down, the next good one re-subscribes everything. */
    keepaliveIntervalMs: z.number().int().min(50).default(15000),
    /** RFC 3261 T1 and T2; the transaction timeout defaults to 64*T1. */
    t1Ms: z.number().int().min(10).default(500),
    t2Ms: z.number().int().min(10).default(4000),
    transactionTimeoutMs: z.number().int().min(50).optional(),
    retryBaseMs: z.number().int().min(10).default(1000),
    retryMaxMs: z.number().int().min(10).default(60000),
    /** Send routing state as a PIDF PUBLISH (RFC 3903). */
    publishPresence: z.boolean().default(true),
    /** Also set a Kamailio htable flag over JSON-RPC, for PBXes that route by a flag. */
    htableFlag: z
      .object({
        rpcUrl: z.url({ message: 'htableFlag.rpcUrl must be a URL such as http://127.0.0.1:5071/RPC' }),
        table: z.string().min(1).default('routing'),
        timeoutMs: z.number().int().min(50).default(5000),
      })
      .optional(),
    /** On stop, remove our publications (Expires: 0) so no stale DND outlives the service. */
    removePublicationsOnStop: z.boolean().default(true),
    userAgentName: z.string().min(1).default('PresenceBridge'),
  })
  .refine((s) => s.publishPresence || s.htableFlag, {
    message: 'routing needs a way in: keep publishPresence on or configure htableFlag',
  })
  .refine((s) => s.t2Ms >= s.t1Ms, { message: 't2Ms must not be smaller than t1Ms' });

export type SipConnectorSettingsInput = z.input<typeof SipConnectorSettingsSchema>;
export type SipConnectorSettings = Readonly<z.output<typeof SipConnectorSettingsSchema>> & {
  readonly domain: string;
  readonly transactionTimeoutMs: number;
};

export function parseSipConnectorSettings(input: unknown): SipConnectorSettings {
  const result = SipConnectorSettingsSchema.safeParse(input);
  if (!result.success) {
    throw new SipSettingsError(result.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`).join('; '));
  }
  const s = result.data;
  return Object.freeze({
    ...s,
    domain: s.domain ?? s.pbxHost,
    transactionTimeoutMs: s.transactionTimeoutMs ?? 64 * s.t1Ms,
  });
}
