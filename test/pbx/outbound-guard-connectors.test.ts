/**
 * Every connector kind, built on a tenant admin's address, connects only where the outbound address policy
 * allows: a loopback address (written as such, or a name that resolves to it) is refused at connect time and
 * nothing reaches the listener; the operator's allow list lets the same connections through.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createConnector, type ConnectorSettings } from '../../src/pbx/create-connector';
import { createOutboundAddressPolicy, parseAllowList } from '../../src/pbx/outbound-address-policy';
import { createOutboundGuard, type OutboundGuard, type ResolveAll } from '../../src/pbx/outbound-guard';
import { createLogger } from '../../src/logger';
import { createAriConnector } from '../../src/pbx/asterisk';
import { AriFake } from './asterisk/fakes/ari-fake';
import { eventually } from '../support/eventually';

/** 200 OK to any SIP request, so that a test that got through ends at once. */
function sipOk(request: string): string {
  const kept = request.split('\r\n').filter((line) => /^(via|v|from|f|to|t|call-id|i|cseq):/i.test(line));
  return ['SIP/2.0 200 OK', ...kept, 'Content-Length: 0', '', ''].join('\r\n');
}

/** Listeners on loopback that count who reached them: TCP (HTTP, AMI: closed at once), SIP over TCP and UDP. */
let tcp: Server;
let sipTcp: Server;
let udp: UdpSocket;
let tcpPort: number;
let sipTcpPort: number;
let udpPort: number;
let reached = 0;
beforeAll(async () => {
  tcp = createServer((socket) => {
    reached++;
    socket.destroy();
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as AddressInfo).port;
  sipTcp = createServer((socket) => {
    reached++;
    socket.on('data', (data) => socket.write(sipOk(data.toString())));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => sipTcp.listen(0, '127.0.0.1', r));
  sipTcpPort = (sipTcp.address() as AddressInfo).port;
  udp = createSocket('udp4');
  udp.on('message', (data, from) => {
    reached++;
    udp.send(sipOk(data.toString()), from.port, from.address);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  udpPort = udp.address().port;
});
afterAll(async () => {
  await new Promise<void>((r) => tcp.close(() => r()));
  sipTcp.close();
  await new Promise<void>((r) => udp.close(() => r()));
});
beforeEach(() => {
  reached = 0;
});

/** pbx.example.test resolves to loopback: what a rebound name does at connect time. */
const fakeDns: ResolveAll = (hostname, _options, callback) => {
  if (hostname !== 'pbx.example.test')
    return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  callback(null, [{ address: '127.0.0.1', family: 4 } satisfies LookupAddress]);
};

const settingsFor = (host: string): Array<[string, () => ConnectorSettings]> => [
  ['webhook', () => ({ connector: 'webhook', url: `http://${host}:${tcpPort}/presence`, secret: 'x'.repeat(16) })],
  ['asterisk-ari', () => ({ connector: 'asterisk-ari', url: `http://${host}:${tcpPort}/ari`, username: 'u', password: 'p' })],
  ['asterisk-ami', () => ({ connector: 'asterisk-ami', url: `tcp://${host}:${tcpPort}`, username: 'u', password: 'p' })],
  ['sip over tcp', () => ({ connector: 'sip', url: `sip://${host}:${sipTcpPort}?transport=tcp` })],
  ['sip over udp', () => ({ connector: 'sip', url: `sip://${host}:${udpPort}` })],
];

async function test_(settings: ConnectorSettings, guard: OutboundGuard) {
  const connector = createConnector('t', settings, createLogger('silent'), { outbound: guard });
  return connector.testConnection();
}

describe.each([['127.0.0.1'], ['pbx.example.test']])('a tenant admin address %s', (host) => {
  const refusing = createOutboundGuard(createOutboundAddressPolicy('singleTenant'), fakeDns);
  const allowing = createOutboundGuard(createOutboundAddressPolicy('singleTenant', parseAllowList('127.0.0.1').list), fakeDns);
  afterAll(async () => {
    await refusing.close();
    await allowing.close();
  });

  test.each(settingsFor(host))('%s: refused at connect time, nothing reaches the listener', async (_kind, settings) => {
    const result = await test_(settings(), refusing);
    expect(result.ok).toBe(false);
    expect(result.finding).toEqual({ verdict: 'notAllowed', detail: expect.stringContaining('loopback') });
    expect(reached).toBe(0);
  });

  test.each(settingsFor(host))('%s: reaches the listener when the operator allows 127.0.0.1', async (_kind, settings) => {
    const result = await test_(settings(), allowing);
    expect(result.finding?.verdict).not.toBe('notAllowed');
    expect(reached).toBeGreaterThan(0);
  });
});

describe('ARI through the guard, against the ARI fake', () => {
  test('allowed: REST and the events WebSocket both go through it and the connector connects', async () => {
    const fake = new AriFake({ password: 'p', endpoints: [{ resource: '1001', state: 'online' }] });
    await fake.start();
    const guard = createOutboundGuard(createOutboundAddressPolicy('multiTenant', parseAllowList('127.0.0.1').list));
    const connector = createAriConnector({ tenantId: 't', url: fake.url, username: 'bridge', password: 'p' }, { outbound: guard });
    try {
      await connector.start(() => undefined);
      // connected: the REST check passed and the events WebSocket opened
      await eventually('the ARI connector connected', () => connector.health().status === 'connected');
    } finally {
      await connector.stop();
      await guard.close();
      await fake.stop();
    }
  });

  test('refused: nothing reaches Asterisk, and health says why', async () => {
    const fake = new AriFake({ password: 'p' });
    await fake.start();
    const guard = createOutboundGuard(createOutboundAddressPolicy('multiTenant'));
    const connector = createAriConnector({ tenantId: 't', url: fake.url, username: 'bridge', password: 'p' }, { outbound: guard });
    try {
      await connector.start(() => undefined);
      await eventually('health naming the refusal', () => /loopback/.test(connector.health().lastError?.message ?? ''));
      expect(fake.requests).toEqual([]);
    } finally {
      await connector.stop();
      await guard.close();
      await fake.stop();
    }
  });
});

describe("errors of a tenant admin's connector never quote the far side (they reach the tab's Status)", () => {
  const BODY = JSON.stringify({ message: 'internal-detail-do-not-show', error: 'internal-detail-do-not-show' });
  let server: HttpServer;
  let url: string;
  beforeAll(async () => {
    server = createHttpServer((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(BODY);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test.each([
    ['webhook', () => ({ connector: 'webhook' as const, url: `${url}/presence`, secret: 'x'.repeat(16) })],
    ['asterisk-ari', () => ({ connector: 'asterisk-ari' as const, url: `${url}/ari`, username: 'u', password: 'p' })],
  ])(
    "%s: the routing error and the health name the status, not the answer; the operator's own connector still quotes it",
    async (_kind, settings) => {
      const guard = createOutboundGuard(createOutboundAddressPolicy('multiTenant', parseAllowList('127.0.0.1').list));
      try {
        const admins = createConnector('t', settings(), createLogger('silent'), { outbound: guard });
        const error = (await admins.applyRouting('1001', 'busy').catch((e: unknown) => e)) as Error;
        expect(error.message).toContain('409');
        expect(error.message).not.toContain('internal-detail');
        expect(JSON.stringify(admins.health())).not.toContain('internal-detail');
        const operators = createConnector('t', settings(), createLogger('silent'));
        expect(((await operators.applyRouting('1001', 'busy').catch((e: unknown) => e)) as Error).message).toContain('internal-detail');
      } finally {
        await guard.close();
      }
    },
  );
});
