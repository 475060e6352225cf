import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as plainFetch } from 'undici';
import { startGraphSimulator, type GraphSimulator } from '../../src/sim/graph';
import { TransportConnectionError, TransportTimeoutError } from '../../src/graph/errors';
import { createTransport } from '../../src/graph/transport';

let sim: GraphSimulator;
let silent: Server;
let silentUrl: string;
beforeAll(async () => {
  sim = await startGraphSimulator();
  // Accepts connections and never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  silent.closeAllConnections();
  silent.close();
  await sim.close();
});

const discovery = () => `${sim.url}/${sim.addTenant().tenantId}/v2.0/.well-known/openid-configuration`;

test('trusts the extra CA given in the setting', async () => {
  const transport = createTransport({ extraCaPem: sim.caCertPem });
  const response = await transport.fetch(discovery(), { method: 'GET' });
  expect(response.status).toBe(200);
  await transport.close();
});

test('without the setting the simulator certificate is refused, with a hint about the CA setting', async () => {
  const transport = createTransport();
  const error = await transport.fetch(discovery(), { method: 'GET' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransportConnectionError);
  expect((error as Error).message).toMatch(/TLS CA setting/);
  await transport.close();
});

test('the extra CA is not trusted globally', async () => {
  const transport = createTransport({ extraCaPem: sim.caCertPem });
  await transport.fetch(discovery(), { method: 'GET' });
  await expect(plainFetch(discovery())).rejects.toThrow();
  await transport.close();
});

test('a request without an answer ends with a timeout error', async () => {
  const transport = createTransport({ timeoutMs: 150 });
  const error = await transport.fetch(silentUrl, { method: 'GET' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransportTimeoutError);
  expect((error as TransportTimeoutError).timeoutMs).toBe(150);
  await transport.close();
});
