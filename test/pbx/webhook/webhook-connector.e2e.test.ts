/** The webhook connector against the real PBX simulator, over loopback HTTP, both directions. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError, type LineStateReport } from '../../../src/pbx/connector';
import { createWebhookConnector, type WebhookConnector } from '../../../src/pbx/webhook';
import { startPbxSimulator, type PbxSimulator } from '../../../src/sim/pbx';

const secret = 'end-to-end-shared-secret-42';
const users = [
  { extension: '1001', displayName: 'Alice', email: 'alice@contoso.com' },
  { extension: '1002', displayName: 'Bob', email: 'bob@contoso.com' },
  { extension: '1003', displayName: 'Carol' },
];

/** The part of the service's HTTP server this test needs: raw body and headers in, handler's answer out. */
async function serveLineStateRoute(connector: WebhookConnector): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const { status, body } = await connector.handleLineStateWebhook({ rawBody: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pbx/line-state`, server };
}

let sim: PbxSimulator;
let route: { url: string; server: Server } | undefined;
let connector: WebhookConnector;
let reports: LineStateReport[];
const sleeps: number[] = [];

async function setUp(settings: Record<string, unknown> = {}, simSecret = secret) {
  sim = await startPbxSimulator({ users, secret: simSecret });
  connector = createWebhookConnector(
    {
      routingUrl: sim.routingUrl,
      usersUrl: sim.usersUrl,
      secret,
      timeoutMs: 1_000,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
      ...settings,
    },
    { sleep: async (ms) => void sleeps.push(ms) },
  );
  reports = [];
  await connector.start((r) => reports.push(r));
  await connector.watch(['1001', '1002']);
  route = await serveLineStateRoute(connector);
  sim.setLineStateWebhookUrl(route.url);
}

afterEach(async () => {
  await connector?.stop();
  await sim?.close();
  route?.server.close();
  route = undefined;
  sleeps.length = 0;
});

test('routing states written by the connector arrive at the PBX, verified', async () => {
  await setUp();
  await connector.applyRouting('1001', 'dnd');
  await connector.applyRouting('1002', 'busy');
  expect(sim.state('1001').routing?.state).toBe('dnd');
  expect(sim.state('1002').routing?.state).toBe('busy');
  expect(sim.stats()).toMatchObject({ routingWritesReceived: 2, routingWritesRefused: 0 });
  expect(connector.health().status).toBe('connected');
});

test('users and the connection test come from the PBX', async () => {
  await setUp();
  expect(await connector.listUsers!()).toEqual(users);
  expect(await connector.testConnection()).toEqual({ ok: true, message: 'The PBX answered with 3 users.' });
});

test('a PBX with another secret refuses the writes; nothing is recorded and health says why', async () => {
  await setUp({}, 'the-pbx-has-another-secret');
  const error = await connector.applyRouting('1001', 'dnd').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/answered 401.*same shared secret/) });
  expect(sim.state('1001').routing).toBeUndefined();
  expect(connector.health()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/signature/) });
  expect((await connector.testConnection()).ok).toBe(false);
});

test('an unknown extension is a non-retryable 404 carrying the PBX answer', async () => {
  await setUp();
  await expect(connector.applyRouting('4242', 'busy')).rejects.toMatchObject({
    retryable: false,
    message: expect.stringContaining('No extension 4242'),
  });
  expect(sleeps).toEqual([]);
});

test('server errors are retried until the PBX recovers', async () => {
  await setUp();
  sim.setFault({ kind: 'error', status: 500, times: 2 });
  await connector.applyRouting('1001', 'away');
  expect(sleeps).toHaveLength(2);
  expect(sim.state('1001').routing?.state).toBe('away');
  expect(connector.health()).toMatchObject({ status: 'connected', detail: 'recovered after 3 tries' });
});

test('a PBX that is down makes writes fail as retryable, health goes down, and comes back', async () => {
  await setUp({ downAfterFailures: 2 });
  sim.setFault({ kind: 'down' });
  for (const state of ['busy', 'dnd'] as const) {
    await expect(connector.applyRouting('1001', state)).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/unreachable after 3 tries/),
    });
  }
  expect(connector.health().status).toBe('down');
  sim.setFault({ kind: 'none' });
  await connector.applyRouting('1001', 'available');
  expect(connector.health().status).toBe('connected');
});

test('a slow PBX times out and the write is reported as retryable', async () => {
  await setUp({ timeoutMs: 100, retry: { maxAttempts: 1 } });
  sim.setFault({ kind: 'slow', delayMs: 400 });
  await expect(connector.applyRouting('1001', 'busy')).rejects.toMatchObject({
    retryable: true,
    message: expect.stringContaining('no answer within the timeout'),
  });
});

test('calls on the PBX reach the connector as line-state reports', async () => {
  await setUp();
  expect((await sim.placeCall('1001')).delivery).toMatchObject({ sent: true, status: 202 });
  await sim.answer('1001');
  await sim.hangUp('1001');
  expect(reports.map((r) => [r.extension, r.state])).toEqual([
    ['1001', 'ringing'],
    ['1001', 'onCall'],
    ['1001', 'idle'],
  ]);
  expect(connector.health().lastEventAt).toBeDefined();
});

test('a call on an extension nobody watches is refused with 422 and not reported', async () => {
  await setUp();
  const { delivery } = await sim.placeCall('1003');
  expect(delivery).toMatchObject({ sent: true, status: 422, body: expect.stringContaining('unknownExtension') });
  expect(reports).toEqual([]);
  expect(sim.stats().lineEventsFailed).toBe(1);
});

test('a PBX that echoes the DND it was told reports it back as line state', async () => {
  await setUp();
  sim.setEchoRoutingAsLineState(true);
  await connector.applyRouting('1002', 'dnd');
  await sim.settled();
  expect(reports).toEqual([{ extension: '1002', state: 'dnd', at: expect.any(Number) }]);
});
