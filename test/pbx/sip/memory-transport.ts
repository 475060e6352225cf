/** A SipTransport in memory: records what is sent, and `deliver` plays a datagram from the PBX. */
import type { Remote, SipTransport } from '../../../src/pbx/sip/udp-transport';

export class MemoryTransport implements SipTransport {
  readonly local = { host: '127.0.0.1', port: 5070 };
  readonly out: { data: Buffer; to: Remote }[] = [];
  private handler: (data: Buffer, from: Remote) => void = () => undefined;
  closed = false;
  /** Called for every datagram sent, e.g. to answer it like a PBX would. */
  onSend?: (data: Buffer, to: Remote) => void;

  send(data: Buffer, to: Remote) {
    this.out.push({ data, to });
    this.onSend?.(data, to);
  }
  onDatagram(handler: (data: Buffer, from: Remote) => void) {
    this.handler = handler;
  }
  deliver(text: string | Buffer, from: Remote = { host: '127.0.0.1', port: 5060 }) {
    this.handler(typeof text === 'string' ? Buffer.from(text) : text, from);
  }
  async close() {
    this.closed = true;
  }
}
