/** Listens on 127.0.0.1 (port 0: one the OS picks) and resolves with the port it got, for the fake servers. */
import type { Server } from 'node:net';

export async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return address && typeof address === 'object' ? address.port : port;
}
