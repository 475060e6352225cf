import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeaders, verifySignature } from '../../../src/pbx/webhook/signature';
import { echoedLineState, PbxSimulatorError, startPbxSimulator, type PbxSimulator } from '../../../src/sim/pbx';
import type { LineState, RoutingState } from '../../../src/sync/states';

const secret = 'simulator-secret-0123456789';
const users = [
  { extension: '1001', displayName: 'Alice', email: 'alice@contoso.com' },
  { extension: '1002', displayName: 'Bob' },
];

/** A stand-in for the service's line-state route: records what arrives and answers 202. */
async function startReceiver(): Promise<{
  url: string;
  received: Array<{ headers: Record<string, unknown>; body: string }>;
  server: Server;
}> {
  const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/line-state`, received, server };
}

function postRouting(sim: PbxSimulator, body: string, headers: Record<string, string> = signatureHeaders(secret, body, Date.now())) {
  return fetch(sim.routingUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

let sim: PbxSimulator;
afterEach(async () => sim?.close());

describe('routing writes (the receiving end of the webhook)', () => {
  beforeEach(async () => {
    sim = await startPbxSimulator({ users, secret });
  });

  test('records a signed write, answers 204 and shows it on /state and in the stats', async () => {
    const body = JSON.stringify({ extension: '1001', state: 'dnd', at: 1234 });
    expect((await postRouting(sim, body)).status).toBe(204);
    const state = await (await fetch(`${sim.url}/state/1001`)).json();
    expect(state).toMatchObject({ extension: '1001', line: { state: 'idle' }, routing: { state: 'dnd', at: 1234 } });
    expect(sim.stats()).toMatchObject({
      routingWritesReceived: 1,
      routingWritesRefused: 0,
      extensions: { '1001': { routing: { state: 'dnd' } } },
    });
    expect(sim.routingHistory('1001').map((r) => r.state)).toEqual(['dnd']);
  });

  test('refuses a routing write whose fencing token is older than one it saw (409), and counts it', async () => {
    const write = (fencingToken: number, state: string) =>
      postRouting(sim, JSON.stringify({ extension: '1001', state, at: 1, fencingToken }));
    expect((await write(1, 'dnd')).status).toBe(204);
    expect((await write(2, 'busy')).status).toBe(204);
    const stale = await write(1, 'available');
    expect([stale.status, ((await stale.json()) as { error: string }).error]).toEqual([409, 'staleFencingToken']);
    expect(sim.state('1001').routing?.state).toBe('busy');
    expect(sim.stats().fencing).toEqual({ newest: 2, accepted: 2, refusedStale: 1, tokens: [1, 2] });
  });

  test.each([
    ['an unsigned write', () => ({}), 401],
    ['a write signed with another secret', (body: string) => signatureHeaders('another-secret-of-some-length', body, Date.now()), 401],
    ['a stale write', (body: string) => signatureHeaders(secret, body, Date.now() - 600_000), 401],
  ])('refuses %s and records nothing', async (_name, headersFor, status) => {
    const body = JSON.stringify({ extension: '1001', state: 'dnd', at: 1 });
    expect((await postRouting(sim, body, headersFor(body))).status).toBe(status);
    expect(sim.state('1001').routing).toBeUndefined();
    expect(sim.stats().routingWritesRefused).toBe(1);
  });

  test.each([
    ['not JSON', 'dnd please', 400],
    ['an unknown routing state', JSON.stringify({ extension: '1001', state: 'sleeping', at: 1 }), 400],
    ['an unknown extension', JSON.stringify({ extension: '4242', state: 'dnd', at: 1 }), 404],
  ])('answers %s with a 4xx', async (_name, body, status) => {
    const response = await postRouting(sim, body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { message: string }).message).toBeTruthy();
  });

  test('serves its users to a signed GET only', async () => {
    expect((await fetch(sim.usersUrl, { headers: signatureHeaders(secret, '', Date.now()) })).status).toBe(200);
    expect((await fetch(sim.usersUrl)).status).toBe(401);
    sim.setUsers([...users, { extension: '1003' }]);
    const listed = (await (await fetch(sim.usersUrl, { headers: signatureHeaders(secret, '', Date.now()) })).json()) as Array<{
      extension: string;
    }>;
    expect(listed.map((u) => u.extension)).toEqual(['1001', '1002', '1003']);
  });

  test('waitForRouting resolves when the state arrives', async () => {
    const waiting = sim.waitForRouting('1002', 'busy');
    await postRouting(sim, JSON.stringify({ extension: '1002', state: 'available', at: 1 }));
    await postRouting(sim, JSON.stringify({ extension: '1002', state: 'busy', at: 2 }));
    await expect(waiting).resolves.toMatchObject({ extension: '1002', state: 'busy', at: 2 });
  });

  test('waitForRouting says what it got instead when time runs out', async () => {
    await expect(sim.waitForRouting('1002', 'busy', 20)).rejects.toThrow(/did not get routing busy.*it has none/);
  });
});

describe('faults', () => {
  beforeEach(async () => {
    sim = await startPbxSimulator({ users, secret });
  });
  const body = JSON.stringify({ extension: '1001', state: 'busy', at: 1 });

  test('error faults answer their status for the given number of requests, then recover', async () => {
    sim.setFault({ kind: 'error', status: 503, times: 2, retryAfterSeconds: 1 });
    const first = await postRouting(sim, body);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await postRouting(sim, body)).status).toBe(503);
    expect((await postRouting(sim, body)).status).toBe(204);
  });

  test('down cuts connections (a network error for the client)', async () => {
    sim.setFault({ kind: 'down' });
    await expect(postRouting(sim, body)).rejects.toThrow();
    sim.setFault({ kind: 'none' });
    expect((await postRouting(sim, body)).status).toBe(204);
  });

  test('slow answers late enough for a client timeout', async () => {
    sim.setFault({ kind: 'slow', delayMs: 500 });
    await expect(fetch(sim.routingUrl, { method: 'POST', body, signal: AbortSignal.timeout(50) })).rejects.toThrow();
  });
});

describe('phones and line-state events', () => {
  test('calls move the line through ringing, onCall, held and idle, each posted signed in the default shape', async () => {
    const receiver = await startReceiver();
    sim = await startPbxSimulator({ users, secret, lineStateWebhookUrl: receiver.url });
    try {
      expect((await sim.placeCall('1001')).delivery).toEqual({ sent: true, status: 202, body: '' });
      await sim.answer('1001');
      await sim.hold('1001');
      await sim.hold('1001');
      await sim.hangUp('1001');
      const events = receiver.received.map((r) => JSON.parse(r.body));
      expect(events.map((e) => e.state)).toEqual(['ringing', 'onCall', 'held', 'onCall', 'idle']);
      expect(events[0]).toEqual({ extension: '1001', state: 'ringing', at: expect.any(Number) });
      for (const r of receiver.received) {
        expect(verifySignature(r.headers as Record<string, string>, r.body, { secret, nowMs: Date.now(), toleranceSeconds: 300 }).ok).toBe(
          true,
        );
      }
      expect(sim.stats()).toMatchObject({ lineEventsSent: 5, extensions: { '1001': { line: { state: 'idle' } } } });
    } finally {
      receiver.server.close();
    }
  });

  test('echoes routing DND as line state when asked to, and leaves calls alone', async () => {
    const receiver = await startReceiver();
    sim = await startPbxSimulator({ users, secret, lineStateWebhookUrl: receiver.url, echoRoutingAsLineState: true });
    try {
      await postRouting(sim, JSON.stringify({ extension: '1001', state: 'dnd', at: 1 }));
      await sim.settled();
      expect(sim.state('1001').line.state).toBe('dnd');
      await postRouting(sim, JSON.stringify({ extension: '1001', state: 'available', at: 2 }));
      await sim.settled();
      expect(receiver.received.map((r) => JSON.parse(r.body).state)).toEqual(['dnd', 'idle']);
    } finally {
      receiver.server.close();
    }
  });

  test('without a webhook URL the line still changes and the delivery says why nothing was sent', async () => {
    sim = await startPbxSimulator({ users, secret });
    const change = await sim.setDnd('1002', true);
    expect(change).toMatchObject({
      line: { state: 'dnd' },
      delivery: { sent: false, reason: expect.stringMatching(/no lineStateWebhookUrl/) },
    });
  });

  test('a change to the state the line already has sends nothing', async () => {
    const receiver = await startReceiver();
    sim = await startPbxSimulator({ users, secret, lineStateWebhookUrl: receiver.url });
    try {
      await sim.setDnd('1001', true);
      expect(await sim.setDnd('1001', true)).toMatchObject({
        line: { state: 'dnd' },
        delivery: { sent: false, reason: 'line already dnd' },
      });
      expect(receiver.received).toHaveLength(1);
    } finally {
      receiver.server.close();
    }
  });

  test.each([
    ['answer a silent line', (s: PbxSimulator) => s.answer('1001'), /Cannot answer on extension 1001: its line is idle/],
    ['hang up a silent line', (s: PbxSimulator) => s.hangUp('1001'), /Cannot hang up/],
    ['hold a silent line', (s: PbxSimulator) => s.hold('1001'), /Cannot hold/],
    ['call an unknown extension', (s: PbxSimulator) => s.placeCall('9999'), /no extension 9999/],
  ])('refuses to %s', async (_name, act, message) => {
    sim = await startPbxSimulator({ users, secret });
    const attempt = act(sim);
    await expect(attempt).rejects.toThrow(PbxSimulatorError);
    await expect(attempt).rejects.toThrow(message);
  });
});

test.each<[RoutingState, LineState, LineState | undefined]>([
  ['dnd', 'idle', 'dnd'],
  ['dnd', 'onCall', undefined],
  ['dnd', 'dnd', undefined],
  ['available', 'dnd', 'idle'],
  ['busy', 'dnd', 'idle'],
  ['available', 'idle', undefined],
  ['busy', 'onCall', undefined],
])('a PBX told %s with its line %s reports %s', (routing, line, expected) => {
  expect(echoedLineState(routing, line)).toBe(expected);
});
