/** SIP over UDP on node:dgram: one socket, datagrams in and out. */
import dgram from 'node:dgram';
import { SipTransportError } from './sip-errors';
import type { Remote, SipMessageHandler, SipTransport } from './sip-transport';
import { outboundRefusalIn, type OutboundGuard } from '../outbound-guard';

export async function openUdpTransport(
  address: string,
  port: number,
  outbound?: Pick<OutboundGuard, 'checkHost' | 'lookup'>,
): Promise<SipTransport> {
  const type = address.includes(':') ? 'udp6' : 'udp4';
  const socket = dgram.createSocket(type);
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
      if (closed) return Promise.resolve();
      if (!outbound) {
        socket.send(data, to.port, to.host);
        return Promise.resolve();
      }
      // Resolved and judged here, and sent to the very address judged (not through the socket's lookup, which
      // also serves bind, our own address). A refused destination fails the send at once instead of timing out.
      return new Promise((resolve, reject) =>
        outbound.lookup(to.host, { family: type === 'udp6' ? 6 : 4 }, (error, resolved) => {
          if (error) return outboundRefusalIn(error) ? reject(error) : resolve(); // no address: the transaction times out, as before
          socket.send(data, to.port, resolved as string, () => resolve());
        }),
      );
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
