/** SIP over UDP on node:dgram: one socket, datagrams in and out. */
import dgram from 'node:dgram';
import { SipTransportError } from './sip-errors';
import type { Remote, SipMessageHandler, SipTransport } from './sip-transport';

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
  let handler: SipMessageHandler = () => undefined;
  let closed = false;
  socket.on('message', (data, rinfo) => handler(data, { host: rinfo.address, port: rinfo.port }));
  // A send error on UDP (e.g. no route) must not crash the process: the transaction times out instead.
  socket.on('error', () => undefined);

  return {
    protocol: 'udp',
    local: { host: bound.address, port: bound.port },
    send(data: Buffer, to: Remote) {
      if (!closed) socket.send(data, to.port, to.host);
      return Promise.resolve();
    },
    onMessage(next) {
      handler = next;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
