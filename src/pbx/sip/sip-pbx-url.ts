/**
 * PB_PBX_URL for the SIP connector: sip://<host>[:<port>][?transport=udp|tcp]. UDP is the default;
 * the transport is checked here so that the message names the variable an admin sets.
 */
import { z } from 'zod';
import { SipSettingsError } from './sip-errors';

const TRANSPORTS = ['udp', 'tcp'] as const;
const TransportParam = z.enum(TRANSPORTS);

export interface SipPbxAddress {
  pbxHost: string;
  pbxPort: number;
  transport: (typeof TRANSPORTS)[number];
}

export function sipAddressFromUrl(url: URL): SipPbxAddress {
  if (url.protocol === 'sips:') {
    throw new SipSettingsError(
      'PB_PBX_URL: sips:// (SIP over TLS) is not supported. Fix: use sip://<pbx>:<port>?transport=tcp or plain sip:// (UDP).',
    );
  }
  const given = url.searchParams.get('transport') ?? 'udp';
  const transport = TransportParam.safeParse(given.toLowerCase());
  if (!transport.success) {
    throw new SipSettingsError(
      `PB_PBX_URL: transport "${given}" is not supported; allowed: ${TRANSPORTS.join(', ')} (default udp). ` +
        'Fix: e.g. sip://pbx.example.com:5060?transport=tcp.',
    );
  }
  return { pbxHost: url.hostname, pbxPort: url.port ? Number(url.port) : 5060, transport: transport.data };
}
