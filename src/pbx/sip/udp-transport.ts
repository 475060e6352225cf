/** SIP over UDP on node:dgram: one socket, datagrams in and out. */
import dgram from 'node:dgram';
import { SipTransportError } from './sip-errors';

export interface Remote {
  host: string;
  port: number;
}

/** What the user agent needs from a transport; tests may hand it a fake. */
export interface SipTransport {
  readonly local: Remote;
  send(data: Buffer, to: Remote): void;
  onDatagram(handler: (data: Buffer, from: Remote) => void): void;
  close(): Promise<void>;
}

export async function openUdpTransport(address: string, port: number): Promise<SipTransport> {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) =>
      reject(new SipTransportError(`Cannot listen for SIP on udp ${address}:${port}: ${error.message}`, { cause: error }));
    socket.once('error', onError);
    socket.bind(port, address, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  const bound = socket.address();
  let handler: (data: Buffer, from: Remote) => void = () => undefined;
  let closed = false;
  socket.on('message', (data, rinfo) => handler(data, { host: rinfo.address, port: rinfo.port }));
  // A send error on UDP (e.g. no route) must not crash the process: the transaction times out instead.
  socket.on('error', () => undefined);

  return {
    local: { host: bound.address, port: bound.port },
    send(data, to) {
      if (closed) return;
      socket.send(data, to.port, to.host);
    },
    onDatagram(next) {
      handler = next;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
