/**
 * Settings: read once at start from the environment into a frozen, typed object. A bad or conflicting
 * value stops start-up with a message naming the variable and the fix. Nothing reads the environment at
 * import time.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CONNECTOR_KINDS } from './pbx/connector-kinds';
import { MATCH_STRATEGIES } from './identity/types';
import { PRESET_NAMES } from './sync/decision/presets';
import { describeDatabaseUrl, isPostgresUrl } from './store/database-url';
import { parseAllowList, type OutboundAllowList } from './pbx/outbound-address-policy';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http/http-timeouts';
import { isLoopbackAddress } from './http/local-caller';
import { CodedError } from './coded-error';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const share = z.coerce.number({ error: 'must be a number' }).gt(0, 'must be more than 0').max(1, 'must be at most 1 (a share: 0.5 = 50 %)');
const httpsUrl = z
  .url({ error: 'must be a URL such as https://graph.microsoft.com' })
  .refine((u) => u.startsWith('https://'), 'must use https');

const envSchema = z.object({
  PORT: intIn(0, 65535).default(3978), // 0: any free port (tests)
  HOST: z.string().min(1).optional(),
  PB_HTTP_HEADERS_TIMEOUT_MS: intIn(100, 600_000).default(DEFAULT_HTTP_TIMEOUTS.headersMs),
  PB_HTTP_REQUEST_TIMEOUT_MS: intIn(100, 3_600_000).default(DEFAULT_HTTP_TIMEOUTS.requestMs),
  PB_HTTP_IDLE_TIMEOUT_MS: intIn(100, 3_600_000).default(DEFAULT_HTTP_TIMEOUTS.idleMs),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PB_DATA_DIR: z.string().min(1).default('data'),
  PB_DB_PATH: z.string().min(1).optional(),
  PB_DATABASE_URL: z
    .string()
    .refine(
      isPostgresUrl,
      'must be a PostgreSQL URL such as postgres://presence:<password>@db.example.com:5432/presence_bridge. ' +
        'Fix: write it in that form (postgres:// or postgresql://), or remove it to keep the SQLite file (PB_DB_PATH)',
    )
    .optional(),
  PB_SECRET_KEY: z.string().optional(),
  PB_LEASE_MS: intIn(1_000, 600_000).default(10_000),
  PB_LEASE_RENEW_MS: intIn(100, 200_000).optional(),
  PB_INTERNAL_URL: z.url({ error: 'must be a URL such as http://10.0.0.7:3978' }).optional(),
  PB_REPLICA_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),

  PB_TENANT_ID: z.string().regex(GUID, 'must be the tenant id, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47').optional(),
  PB_CLIENT_ID: z.string().regex(GUID, "must be the app registration's Application (client) ID, a GUID").optional(),
  PB_CLIENT_SECRET: z.string().min(1).optional(),
  PB_CLIENT_CERT_FILE: z.string().min(1).optional(),
  PB_CLIENT_KEY_FILE: z.string().min(1).optional(),
  PB_AUTHORITY_HOST: httpsUrl.default('https://login.microsoftonline.com'),
  PB_GRAPH_BASE_URL: httpsUrl.default('https://graph.microsoft.com'),
  PB_TLS_CA_FILE: z.string().min(1).optional(),

  PB_GRAPH_BUDGET_PER_30S: intIn(1, 100_000).default(1500),
  PB_POLL_BUDGET_SHARE: share.default(0.5),
  PB_POLL_MIN_PERIOD_MS: intIn(100, 3_600_000).default(1000),
  PB_WRITE_BUDGET_SHARE: share.default(0.3),

  PB_PRESET: z.enum(PRESET_NAMES, { error: `must be one of ${PRESET_NAMES.join(', ')}` }).default('default'),
  PB_DEBOUNCE_MS: intIn(0, 600_000).optional(),

  PB_MATCH_STRATEGIES: z.string().default('upn,mail,proxyAddresses,phone'),
  PB_DIRECTORY_REFRESH_MINUTES: intIn(1, 10_080).default(60),
  PB_ALERT_PAUSED_HOURS: intIn(1, 720).default(4),
  PB_AUDIT_RETENTION_DAYS: intIn(1, 36_500).default(365),
  PB_DIRECTORY_MAX_DROP_SHARE: share.default(0.1),

  PB_PBX_CONNECTOR: z.enum(CONNECTOR_KINDS, { error: `must be one of ${CONNECTOR_KINDS.join(', ')}` }).optional(),
  PB_PBX_URL: z
    .url({ error: 'must be a URL such as https://pbx.example.com/presence, sip://pbx.example.com:5060 or tcp://asterisk:5038' })
    .optional(),
  PB_PBX_USERS_URL: z.url({ error: 'must be a URL' }).optional(),
  PB_PBX_SECRET: z.string().optional(),
  PB_PBX_SECRET_PREVIOUS: z.string().optional(),
  PB_PBX_USERNAME: z.string().optional(),
  PB_PBX_PASSWORD: z.string().optional(),

  PB_BOT_APP_ID: z.string().regex(GUID, "must be the bot registration's Microsoft App ID, a GUID").optional(),
  PB_BOT_APP_PASSWORD: z.string().optional(),
  PB_BOT_OPENID_METADATA_URL: z.url({ error: "must be the URL of the Bot Connector's OpenID metadata document" }).optional(),
  PB_BOT_TENANT_ID: z.string().regex(GUID, 'must be a tenant id (GUID), for a single-tenant bot registration').optional(),
  PB_SSO_APP_ID_URI: z
    .string()
    .regex(/^api:\/\/.+\/[0-9a-f-]{36}$/i, 'must be the Application ID URI of the tab, api://<domain>/<client id>')
    .optional(),
  PB_ALLOW_NEW_TENANTS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  PB_OUTBOUND_ALLOW: z.string().optional(),
  PB_ADMIN_GROUP_ID: z
    .string()
    .regex(GUID, 'must be the object id (GUID) of the Entra group whose members may administer PresenceBridge')
    .optional(),

  PB_DEMO_USERS: intIn(1, 200_000).default(200),
  PB_DEMO_CHANGES_PER_MINUTE: intIn(0, 1_000_000).default(120),
});

/** Every environment variable the service reads (the deployment files may set these and no others). */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** What a service reachable from other machines needs, named when it has none of it. */
const TENANT_SETTINGS_NEEDED =
  'PB_TENANT_ID, PB_CLIENT_ID, PB_CLIENT_SECRET (or PB_CLIENT_CERT_FILE + PB_CLIENT_KEY_FILE), PB_SECRET_KEY, and either ' +
  "PB_PBX_CONNECTOR + PB_PBX_URL (this tenant's PBX) or PB_ALLOW_NEW_TENANTS=true (admins set their tenants up in the tab)";

const isLoopback = (host: string) => host === 'localhost' || isLoopbackAddress(host);

export type MatchStrategyName = (typeof MATCH_STRATEGIES)[number];

export interface TenantCredentials {
  tenantId: string;
  clientId: string;
  secret?: string;
  certificate?: { certPem: string; keyPem: string };
}

export interface Settings {
  mode: 'demo' | 'tenant';
  port: number;
  host: string;
  /** Limits on slow, silent and idle connections (see README, HTTP limits). */
  http: HttpTimeouts;
  logLevel: string;
  dataDir: string;
  dbPath: string;
  /** PostgreSQL instead of the SQLite file at dbPath (PB_DATABASE_URL); it may carry the database password. */
  databaseUrl?: string;
  /** Key that encrypts secrets at rest; in demo mode a key file in the data directory stands in for it. */
  secretKey?: string;
  /**
   * Replicas sharing PostgreSQL: a tenant's lease lasts `leaseMs` (PB_LEASE_MS) and is renewed every `renewMs`
   * (PB_LEASE_RENEW_MS, default a third); the others reach this replica at `internalUrl` (PB_INTERNAL_URL,
   * default this host's first non-internal IPv4 address and PORT) with `secret` (PB_REPLICA_SECRET, default one
   * derived from PB_SECRET_KEY, which the replicas share anyway).
   */
  replicas: { leaseMs: number; renewMs: number; internalUrl?: string; secret?: string };
  tenant?: TenantCredentials;
  authorityHost: string;
  graphBaseUrl: string;
  tlsCaPem?: string;
  graph: { budgetPer30s: number; pollShare: number; pollMinPeriodMs: number; writeShare: number };
  preset: string;
  debounceMs?: number;
  directory: { strategies: MatchStrategyName[]; refreshMinutes: number; maxDropShare: number };
  /** A pause (tenant or users) older than this raises an alert. */
  alerts: { pausedAfterMs: number };
  /** Audit log entries older than this are deleted (at start and daily). */
  audit: { retentionDays: number };
  /** In demo mode the connector is the webhook one, pointed at the PBX simulator. */
  pbx: {
    connector: (typeof CONNECTOR_KINDS)[number];
    url?: string;
    usersUrl?: string;
    secret?: string;
    /** Webhook: the secret before PB_PBX_SECRET, still accepted on incoming events while the PBX switches over. */
    previousSecret?: string;
    username?: string;
    password?: string;
  };
  /** The admin bot; without an app id (demo) incoming activities are not authenticated, so tenant mode requires one. */
  bot: { appId?: string; appPassword?: string; tenantId?: string; openIdMetadataUrl?: string };
  /** Members of this Entra group may administer PresenceBridge besides Global and Teams Administrators. */
  adminGroupId?: string;
  /** The admin tab's SSO: the Application ID URI tokens may be issued for (besides the client id). */
  ssoAppIdUri?: string;
  /** Whether PB_PBX_CONNECTOR names this tenant's PBX (a multi-tenant deployment may leave it to the tab). */
  pbxConfigured: boolean;
  /** Admins of tenants not yet set up may set them up from the tab (a multi-tenant deployment). */
  allowNewTenants: boolean;
  /** PB_OUTBOUND_ALLOW: what URLs entered by tenant admins may reach besides public addresses (pbx/outbound-address-policy.ts). */
  outboundAllow?: OutboundAllowList;
  demo: { users: number; changesPerMinute: number };
}

export class ConfigError extends CodedError {
  readonly code = 'badSettings';
  constructor(readonly problems: string[]) {
    super(
      `The settings are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'correct each setting listed (environment variables or .env), then start the service again.',
    );
  }
}

type Env = Record<string, string | undefined>;

function readFileSetting(name: string, path: string | undefined, problems: string[]): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(
      `${name}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'}). Fix: give the path of a readable PEM file.`,
    );
    return undefined;
  }
}

/** A refused value as an error message may quote it: a database URL without its password. */
function shownValue(name: string, value: string | undefined): string {
  if (name === 'PB_DATABASE_URL' && value !== undefined) return JSON.stringify(describeDatabaseUrl(value));
  return JSON.stringify(value ?? null);
}

/** Parse settings from an environment; throws ConfigError listing every problem at once. */
export function loadSettings(env: Env, options: { forceDemo?: boolean } = {}): Readonly<Settings> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  // App Service leaves a Key Vault reference it could not resolve in place, as text: never use it as the value.
  const unresolved = SETTING_NAMES.filter((name) => cleaned[name]?.startsWith('@Microsoft.KeyVault('));
  if (unresolved.length) {
    throw new ConfigError(
      unresolved.map(
        (name) =>
          `${name}: its Key Vault reference was not resolved (the setting still reads "@Microsoft.KeyVault(...)"). ` +
          "Fix: give the app's managed identity the Key Vault Secrets User role on the vault and check the secret's name; " +
          "the app's Environment variables page in the portal shows why the reference failed.",
      ),
    );
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${String(i.path[0])}: ${i.message} (got ${shownValue(String(i.path[0]), cleaned[String(i.path[0])])})`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const demo = options.forceDemo === true || !e.PB_TENANT_ID;

  let tenant: TenantCredentials | undefined;
  if (!demo) {
    if (!e.PB_CLIENT_ID) problems.push('PB_CLIENT_ID: missing. Fix: set the Application (client) ID of your app registration.');
    const certPem = readFileSetting('PB_CLIENT_CERT_FILE', e.PB_CLIENT_CERT_FILE, problems);
    const keyPem = readFileSetting('PB_CLIENT_KEY_FILE', e.PB_CLIENT_KEY_FILE, problems);
    if (e.PB_CLIENT_SECRET && (e.PB_CLIENT_CERT_FILE || e.PB_CLIENT_KEY_FILE)) {
      problems.push('PB_CLIENT_SECRET and PB_CLIENT_CERT_FILE are both set. Fix: use either a client secret or a certificate, not both.');
    } else if (!e.PB_CLIENT_SECRET && !e.PB_CLIENT_CERT_FILE) {
      problems.push(
        'PB_CLIENT_SECRET or PB_CLIENT_CERT_FILE: one is needed. Fix: set the client secret value (not its ID), or a certificate and PB_CLIENT_KEY_FILE.',
      );
    } else if (e.PB_CLIENT_CERT_FILE && !e.PB_CLIENT_KEY_FILE) {
      problems.push("PB_CLIENT_KEY_FILE: missing. Fix: a certificate needs its private key's PEM file too.");
    }
    if (!e.PB_SECRET_KEY) {
      problems.push(
        'PB_SECRET_KEY: missing. Fix: set a 32-byte key (base64 or hex) that encrypts secrets at rest, e.g. from `openssl rand -base64 32`.',
      );
    }
    // A multi-tenant deployment may start with no PBX of its own: its tenants (this one too) are set up in the tab.
    if (!e.PB_PBX_CONNECTOR && e.PB_ALLOW_NEW_TENANTS !== 'true') {
      problems.push(
        `PB_PBX_CONNECTOR: missing. Fix: set one of ${CONNECTOR_KINDS.join(', ')}; or PB_ALLOW_NEW_TENANTS=true for a multi-tenant deployment whose admins set their tenants up in the tab.`,
      );
    }
    if (e.PB_PBX_CONNECTOR && !e.PB_PBX_URL) {
      problems.push(`PB_PBX_URL: missing. Fix: the ${e.PB_PBX_CONNECTOR} connector needs the PBX's address.`);
    }
    tenant = {
      tenantId: e.PB_TENANT_ID!,
      clientId: e.PB_CLIENT_ID ?? '',
      secret: e.PB_CLIENT_SECRET,
      certificate: certPem && keyPem ? { certPem, keyPem } : undefined,
    };
  }
  if (e.PB_BOT_APP_ID && !e.PB_BOT_APP_PASSWORD) {
    problems.push('PB_BOT_APP_PASSWORD: missing. Fix: set the client secret of the bot registration (the app named by PB_BOT_APP_ID).');
  }
  if (e.PB_PBX_CONNECTOR === 'webhook' && e.PB_PBX_SECRET !== undefined && e.PB_PBX_SECRET.length < 16) {
    problems.push('PB_PBX_SECRET: too short. Fix: use a shared secret of at least 16 characters.');
  }
  if (e.PB_PBX_SECRET_PREVIOUS !== undefined && e.PB_PBX_SECRET_PREVIOUS.length < 16) {
    problems.push(
      'PB_PBX_SECRET_PREVIOUS: too short. Fix: give the whole previous shared secret, or remove the setting once the PBX signs with PB_PBX_SECRET.',
    );
  }

  if (e.PB_DATABASE_URL && e.PB_DB_PATH) {
    problems.push(
      'PB_DATABASE_URL and PB_DB_PATH are both set. Fix: keep PB_DATABASE_URL for PostgreSQL or PB_DB_PATH for a SQLite file, not both.',
    );
  }

  const strategies = e.PB_MATCH_STRATEGIES.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = strategies.filter((s) => !(MATCH_STRATEGIES as readonly string[]).includes(s));
  if (unknown.length || strategies.length === 0) {
    problems.push(
      `PB_MATCH_STRATEGIES: unknown ${unknown.join(', ') || '(empty)'}. Fix: a comma-separated list of ${MATCH_STRATEGIES.join(', ')}.`,
    );
  }
  // Demo mode only on this machine alone: never as the fallback of a service reachable from others.
  if (demo && e.HOST !== undefined && !isLoopback(e.HOST)) {
    problems.push(
      `HOST: demo mode hands an admin token to whoever can reach it, so it listens on this machine only (got ${JSON.stringify(e.HOST)}). ` +
        `Fix: remove HOST (demo mode uses 127.0.0.1), set it to 127.0.0.1, ::1 or localhost, or, to serve other machines, set ${TENANT_SETTINGS_NEEDED}.`,
    );
  }
  if (e.PB_HTTP_HEADERS_TIMEOUT_MS > e.PB_HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      'PB_HTTP_HEADERS_TIMEOUT_MS is longer than PB_HTTP_REQUEST_TIMEOUT_MS. Fix: the request head is part of the request; give it at most as long.',
    );
  }
  const tlsCaPem = readFileSetting('PB_TLS_CA_FILE', e.PB_TLS_CA_FILE, problems);
  const outboundAllow = parseAllowList(e.PB_OUTBOUND_ALLOW);
  for (const p of outboundAllow.problems)
    problems.push(`PB_OUTBOUND_ALLOW: ${p}. Fix: list CIDRs, addresses or host names, separated by commas.`);
  const renewMs = e.PB_LEASE_RENEW_MS ?? Math.round(e.PB_LEASE_MS / 3);
  if (renewMs * 2 > e.PB_LEASE_MS)
    problems.push(
      `PB_LEASE_RENEW_MS (${renewMs}) must be at most half of PB_LEASE_MS (${e.PB_LEASE_MS}), so that one late renewal does not lose a lease. Fix: lower PB_LEASE_RENEW_MS or remove it (default: a third).`,
    );
  if (problems.length) throw new ConfigError(problems);

  return Object.freeze({
    mode: demo ? 'demo' : 'tenant',
    port: e.PORT,
    // Demo mode uses a local token issuer, so it must never be reachable from outside this machine.
    host: e.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    http: { headersMs: e.PB_HTTP_HEADERS_TIMEOUT_MS, requestMs: e.PB_HTTP_REQUEST_TIMEOUT_MS, idleMs: e.PB_HTTP_IDLE_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    dataDir: e.PB_DATA_DIR,
    dbPath: e.PB_DB_PATH ?? `${e.PB_DATA_DIR}/presence-bridge.db`,
    databaseUrl: e.PB_DATABASE_URL,
    secretKey: e.PB_SECRET_KEY,
    replicas: { leaseMs: e.PB_LEASE_MS, renewMs, internalUrl: e.PB_INTERNAL_URL, secret: e.PB_REPLICA_SECRET },
    tenant,
    authorityHost: e.PB_AUTHORITY_HOST,
    graphBaseUrl: e.PB_GRAPH_BASE_URL,
    tlsCaPem,
    graph: {
      budgetPer30s: e.PB_GRAPH_BUDGET_PER_30S,
      pollShare: e.PB_POLL_BUDGET_SHARE,
      pollMinPeriodMs: e.PB_POLL_MIN_PERIOD_MS,
      writeShare: e.PB_WRITE_BUDGET_SHARE,
    },
    preset: e.PB_PRESET,
    debounceMs: e.PB_DEBOUNCE_MS,
    directory: {
      strategies: strategies as MatchStrategyName[],
      refreshMinutes: e.PB_DIRECTORY_REFRESH_MINUTES,
      maxDropShare: e.PB_DIRECTORY_MAX_DROP_SHARE,
    },
    alerts: { pausedAfterMs: e.PB_ALERT_PAUSED_HOURS * 3_600_000 },
    audit: { retentionDays: e.PB_AUDIT_RETENTION_DAYS },
    pbx: {
      connector: e.PB_PBX_CONNECTOR ?? 'webhook',
      url: e.PB_PBX_URL,
      usersUrl: e.PB_PBX_USERS_URL,
      secret: e.PB_PBX_SECRET,
      previousSecret: e.PB_PBX_SECRET_PREVIOUS,
      username: e.PB_PBX_USERNAME,
      password: e.PB_PBX_PASSWORD,
    },
    bot: {
      appId: e.PB_BOT_APP_ID,
      appPassword: e.PB_BOT_APP_PASSWORD,
      tenantId: e.PB_BOT_TENANT_ID,
      openIdMetadataUrl: e.PB_BOT_OPENID_METADATA_URL,
    },
    adminGroupId: e.PB_ADMIN_GROUP_ID,
    ssoAppIdUri: e.PB_SSO_APP_ID_URI,
    pbxConfigured: e.PB_PBX_CONNECTOR !== undefined,
    allowNewTenants: e.PB_ALLOW_NEW_TENANTS === 'true',
    outboundAllow: outboundAllow.list,
    demo: { users: e.PB_DEMO_USERS, changesPerMinute: e.PB_DEMO_CHANGES_PER_MINUTE },
  } satisfies Settings);
}

/** The settings as they may be logged or shown: every secret replaced by "set" / "not set". */
export function redactedSettings(s: Settings): Record<string, unknown> {
  const mark = (v: unknown) => (v ? '(set)' : '(not set)');
  return {
    ...s,
    secretKey: mark(s.secretKey),
    replicas: { ...s.replicas, secret: mark(s.replicas.secret) },
    databaseUrl: s.databaseUrl === undefined ? undefined : describeDatabaseUrl(s.databaseUrl),
    tlsCaPem: mark(s.tlsCaPem),
    tenant: s.tenant && {
      tenantId: s.tenant.tenantId,
      clientId: s.tenant.clientId,
      secret: mark(s.tenant.secret),
      certificate: mark(s.tenant.certificate),
    },
    pbx: { ...s.pbx, secret: mark(s.pbx.secret), previousSecret: mark(s.pbx.previousSecret), password: mark(s.pbx.password) },
    bot: { ...s.bot, appPassword: mark(s.bot.appPassword) },
  };
}
