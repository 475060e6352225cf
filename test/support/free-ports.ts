/**
 * Free loopback ports for lab servers, phones and services whose port must be known before they start.
 *
 * Asking the OS for port 0 and releasing it races: servers that bind port 0 meanwhile (the simulators, another
 * test file's worker) may be given the same port, and the later listen fails with EADDRINUSE (seen in the full
 * suite). So these ports come from below the OS's ephemeral range (Linux: 32768-60999), a slice per jest
 * worker, and each is checked by binding it before it is handed out.
 */
import dgram from 'node:dgram';
import net from 'node:net';

const FIRST = 20_000;
const SLICE = 1_500;
const worker = Number(process.env.JEST_WORKER_ID ?? 1) % 8;
let next = FIRST + worker * SLICE + Math.floor(Math.random() * SLICE);

function candidates(): number[] {
  const start = FIRST + worker * SLICE;
  const list: number[] = [];
  for (let i = 0; i < SLICE; i++) {
    list.push(start + ((next - start + i) % SLICE));
  }
  return list;
}

async function firstFree(isFree: (port: number) => Promise<boolean>): Promise<number> {
  for (const port of candidates()) {
    if (await isFree(port)) {
      next = port + 1;
      return port;
    }
  }
  throw new Error(`No free loopback port in ${FIRST + worker * SLICE}-${FIRST + (worker + 1) * SLICE - 1} for jest worker ${worker}.`);
}

const tcpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

const udpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });

export function freeTcpPort(): Promise<number> {
  return firstFree(tcpFree);
}

export function freeUdpPort(): Promise<number> {
  return firstFree(udpFree);
}
