/** A SipTransport in memory: records what is sent, and `deliver` plays a message from the PBX. */
import type { Remote, SipConnection, SipMessageHandler, SipTransport, SipTransportProtocol } from '../../../src/pbx/sip/sip-transport';

export class MemoryTransport implements SipTransport {
  readonly local = { host: '127.0.0.1', port: 5070 };
  readonly out: { data: Buffer; to: Remote }[] = [];
  private handler: SipMessageHandler = () => undefined;
  closed = false;
  /** Called for every message sent, e.g. to answer it like a PBX would. */
  onSend?: (data: Buffer, to: Remote) => void;
  /** Makes the next sends fail like a TCP connection that cannot be opened. */
  failSends?: Error;

  constructor(readonly protocol: SipTransportProtocol = 'udp') {}

  send(data: Buffer, to: Remote) {
    if (this.failSends) return Promise.reject(this.failSends);
    this.out.push({ data, to });
    this.onSend?.(data, to);
    return Promise.resolve();
  }
  readonly dropped: Remote[] = [];
  dropConnection(to: Remote) {
    this.dropped.push(to);
  }
  onMessage(handler: SipMessageHandler) {
    this.handler = handler;
  }
  deliver(text: string | Buffer, from: Remote = { host: '127.0.0.1', port: 5060 }, connection?: SipConnection) {
    this.handler(typeof text === 'string' ? Buffer.from(text) : text, from, connection);
  }
  async close() {
    this.closed = true;
  }
}
