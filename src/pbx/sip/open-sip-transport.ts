/** Opens the transport the settings name, on our local address and port. */
import { SipFramingError } from './sip-errors';
import type { Remote, SipTransport, SipTransportProtocol } from './sip-transport';
import { openTcpTransport } from './tcp-transport';
import { openUdpTransport } from './udp-transport';

export interface TransportHooks {
  onStreamError?: (error: SipFramingError, from: Remote) => void;
}

export function openSipTransport(protocol: SipTransportProtocol, address: string, port: number, hooks: TransportHooks = {}): Promise<SipTransport> {
  return protocol === 'tcp' ? openTcpTransport(address, port, hooks) : openUdpTransport(address, port);
}
