/** Opens the transport the settings name, on our local address and port. */
import { SipFramingError } from './sip-errors';
import type { Remote, SipTransport, SipTransportProtocol } from './sip-transport';
import { openTcpTransport } from './tcp-transport';
import { openUdpTransport } from './udp-transport';
import type { OutboundGuard } from '../outbound-guard';

export interface TransportHooks {
  onStreamError?: (error: SipFramingError, from: Remote) => void;
  /** A tenant admin's PBX address: every destination is judged by the outbound address policy. */
  outbound?: Pick<OutboundGuard, 'checkHost' | 'lookup'>;
}

export function openSipTransport(
  protocol: SipTransportProtocol,
  address: string,
  port: number,
  hooks: TransportHooks = {},
): Promise<SipTransport> {
  return protocol === 'tcp' ? openTcpTransport(address, port, hooks) : openUdpTransport(address, port, hooks.outbound);
}
