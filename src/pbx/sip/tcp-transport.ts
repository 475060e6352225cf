/**
 * SIP over TCP on node:net (RFC 3261 18): a connection to the PBX is opened when there is something to
 * send and opened again after it dropped; a listening socket on our own address takes the connections the
 * PBX opens to our Contact (its NOTIFYs). Every connection, ours or the PBX's, is cut into messages by a
 * SipStreamFramer; a connection whose stream cannot be read is closed. Answers to a request go back on the
 * connection it came on (the SipConnection handed along with it).
 */
import net from 'node:net';
import { SipFramingError, SipTransportError } from './sip-errors';
import { SipStreamFramer } from './sip-stream-framer';
import type { Remote, SipConnection, SipMessageHandler, SipTransport } from './sip-transport';
import type { OutboundGuard } from '../outbound-guard';

export interface TcpTransportOptions {
  maxMessageBytes?: number;
  /** Told about a stream that could not be read (the connection is closed then), for logging. */
  onStreamError?: (error: SipFramingError, from: Remote) => void;
  /** A tenant admin's PBX address: judged before connecting, and after DNS in the socket's own lookup. */
  outbound?: Pick<OutboundGuard, 'checkHost' | 'lookup'>;
}

export async function openTcpTransport(address: string, port: number, options: TcpTransportOptions = {}): Promise<SipTransport> {
  let handler: SipMessageHandler = () => undefined;
  let closed = false;
  const sockets = new Set<net.Socket>();
  /** Our connections to peers by "host:port"; `ready` settles once connected. */
  const outgoing = new Map<string, { socket: net.Socket; ready: Promise<net.Socket> }>();

  const read = (socket: net.Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const connection: SipConnection = {
      write(data) {
        if (socket.destroyed || !socket.writable) return false;
        socket.write(data);
        return true;
      },
    };
    const framer = new SipStreamFramer(options.maxMessageBytes);
    socket.on('data', (chunk: Buffer) => {
      // Known once connected (our own connections are handed here before that).
      const from = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
      const { messages, error } = framer.push(chunk);
      for (const message of messages) handler(message, from, connection);
      if (error) {
        options.onStreamError?.(error, from);
        socket.destroy();
      }
    });
    // A reset by the peer must not crash the process: the connection is dropped and opened again on demand.
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = net.createServer(read);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new SipTransportError(`Cannot listen for SIP on tcp ${address}:${port}: ${error.message}`, { cause: error })),
    );
    server.listen(port, address, () => resolve());
  });
  server.on('error', () => undefined);
  const bound = server.address() as net.AddressInfo;

  const connect = (to: Remote): Promise<net.Socket> => {
    const key = `${to.host}:${to.port}`;
    const existing = outgoing.get(key);
    // A connection the peer is closing (it sent FIN) is not reused even before its 'close' event.
    if (existing && !existing.socket.destroyed && !existing.socket.writableEnded) return existing.ready;
    try {
      options.outbound?.checkHost(to.host);
    } catch (error) {
      return Promise.reject(
        new SipTransportError(`Cannot connect to the PBX at ${key} over TCP: ${(error as Error).message}`, { cause: error }),
      );
    }
    const socket = net.connect({ host: to.host, port: to.port, ...(options.outbound && { lookup: options.outbound.lookup }) });
    read(socket);
    const ready = new Promise<net.Socket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('error', (error) =>
        reject(new SipTransportError(`Cannot connect to the PBX at ${key} over TCP: ${error.message}`, { cause: error })),
      );
      socket.once('close', () => {
        if (outgoing.get(key)?.socket === socket) outgoing.delete(key);
        // Closed before it connected (the transport was closed); no-op once settled.
        reject(new SipTransportError(`The TCP connection to the PBX at ${key} closed.`));
      });
    });
    outgoing.set(key, { socket, ready });
    return ready;
  };

  return {
    protocol: 'tcp',
    local: { host: bound.address, port: bound.port },
    async send(data, to) {
      if (closed) return;
      const socket = await connect(to);
      if (socket.destroyed || !socket.writable)
        throw new SipTransportError(`The TCP connection to the PBX at ${to.host}:${to.port} closed.`);
      socket.write(data);
    },
    dropConnection(to) {
      const key = `${to.host}:${to.port}`;
      outgoing.get(key)?.socket.destroy();
      outgoing.delete(key);
    },
    onMessage(next) {
      handler = next;
    },
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      outgoing.clear();
      await stopped;
    },
  };
}
