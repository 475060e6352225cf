/**
 * Builds the configured connector for one tenant from the service settings. Each connector validates its
 * own settings and says what is wrong; this file only translates the service's variables into them.
 */
import { CodedError } from '../coded-error';
import type { Logger } from '../logger';
import { createAmiConnector, createAriConnector } from './asterisk';
import type { PbxConnector } from './connector';
import type { ConnectorKind } from './connector-kinds';
import { SipConnector } from './sip';
import { sipAddressFromUrl } from './sip/sip-pbx-url';
import { createWebhookConnector, type ReplayLedger } from './webhook';
import { guardedFetch, type OutboundGuard } from './outbound-guard';

export interface ConnectorSettings {
  connector: ConnectorKind;
  url?: string;
  usersUrl?: string;
  secret?: string;
  /** Webhook: the earlier secret, accepted on incoming events until `until` (see webhook settings). */
  previousSecret?: { secret: string; until?: number };
  username?: string;
  password?: string;
}

export class ConnectorSettingsError extends CodedError {
  readonly code = 'connectorSettings';
  constructor(message: string) {
    super(message, 'correct the PB_PBX_* setting named above and start the service again.');
  }
}

function parseUrl(name: string, url: string | undefined, example: string): URL {
  try {
    return new URL(url ?? '');
  } catch {
    throw new ConnectorSettingsError(`PB_PBX_URL: "${url ?? ''}" is not a URL. Fix: for the ${name} connector give e.g. ${example}.`);
  }
}

/** What the service lends a connector beyond its settings. */
export interface ConnectorDeps {
  /** Webhook: where accepted signatures are remembered across restarts (the store, bound to the tenant). */
  replays?: ReplayLedger;
  /**
   * The addresses were entered by a tenant admin, so every connection the connector makes is judged by the
   * outbound address policy (after DNS). Absent for the operator's own settings (PB_PBX_URL, demo).
   */
  outbound?: OutboundGuard;
}

export function createConnector(tenantId: string, s: ConnectorSettings, logger: Logger, deps: ConnectorDeps = {}): PbxConnector {
  const log = logger.child({ tenantId, connector: s.connector });
  const { outbound } = deps;
  switch (s.connector) {
    case 'webhook':
      return createWebhookConnector(
        { routingUrl: s.url, usersUrl: s.usersUrl, secret: s.secret, previousSecret: s.previousSecret },
        { logger: log, replays: deps.replays, ...(outbound && { fetch: guardedFetch(outbound), quoteAnswers: false }) },
      );
    case 'sip': {
      const url = parseUrl('sip', s.url, 'sip://pbx.example.com:5060 or sip://pbx.example.com:5060?transport=tcp');
      const auth = s.username || s.password ? { username: s.username ?? '', password: s.password ?? '' } : undefined;
      return new SipConnector({ tenantId, ...sipAddressFromUrl(url), ...(auth && { auth }) }, { logger: log, outbound });
    }
    case 'asterisk-ari':
      return createAriConnector(
        { tenantId, url: s.url ?? '', username: s.username ?? '', password: s.password ?? '' },
        { logger: log, outbound },
      );
    case 'asterisk-ami': {
      const url = parseUrl('asterisk-ami', s.url, 'tcp://asterisk.example.com:5038');
      return createAmiConnector(
        { tenantId, host: url.hostname, port: url.port ? Number(url.port) : 5038, username: s.username ?? '', secret: s.password ?? '' },
        { logger: log, outbound },
      );
    }
  }
}
