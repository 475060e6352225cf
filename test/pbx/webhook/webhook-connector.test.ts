import { ConnectorError, type LineStateReport } from '../../../src/pbx/connector';
import { signatureHeaders, verifySignature } from '../../../src/pbx/webhook/signature';
import { createWebhookConnector, type WebhookConnectorDeps } from '../../../src/pbx/webhook/webhook-connector';

const secret = 'connector-secret-abcdefgh';
const now = 1_735_689_600_000;

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** A fake PBX: answers each request with the next scripted reply (a status, or a network error). */
function fakePbx(script: Array<number | 'network' | 'untrusted' | { status: number; body?: string; headers?: Record<string, string> }>) {
  const sent: Sent[] = [];
  const fetch: WebhookConnectorDeps['fetch'] = async (url, init) => {
    sent.push({ url, method: String(init.method), headers: init.headers as Record<string, string>, body: String(init.body ?? '') });
    const next = script.length > 1 ? script.shift()! : script[0];
    if (next === 'network') throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    if (next === 'untrusted') throw new TypeError('fetch failed', { cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
    const reply = typeof next === 'number' ? { status: next } : next;
    return new Response(reply.status === 204 ? null : (reply.body ?? ''), { status: reply.status, headers: reply.headers });
  };
  return { sent, fetch };
}

function connectorWith(script: Parameters<typeof fakePbx>[0], settings: Record<string, unknown> = {}) {
  const pbx = fakePbx(script);
  const sleeps: number[] = [];
  const connector = createWebhookConnector(
    {
      routingUrl: 'http://pbx.test/routing?token=hidden',
      secret,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      ...settings,
    },
    { fetch: pbx.fetch, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, clock: { now: () => now } },
  );
  return { connector, sent: pbx.sent, sleeps };
}

describe('applyRouting', () => {
  test('POSTs {extension, state, at} signed over the exact body', async () => {
    const { connector, sent } = connectorWith([204]);
    await connector.applyRouting('1001', 'dnd');
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe('POST');
    expect(JSON.parse(sent[0].body)).toEqual({ extension: '1001', state: 'dnd', at: now });
    expect(sent[0].headers['X-PresenceBridge-Event']).toBe('routing');
    expect(verifySignature(sent[0].headers, sent[0].body, { secret, nowMs: now, toleranceSeconds: 300 }).ok).toBe(true);
    expect(connector.health()).toMatchObject({ status: 'connected', lastSuccessAt: now });
  });

  test.each([
    ['a network error', 'network' as const],
    ['a 500', 500],
    ['a 503', 503],
    ['a 429', 429],
  ])('retries %s with jittered backoff and succeeds', async (_name, failure) => {
    const { connector, sent, sleeps } = connectorWith([failure, failure, 204]);
    await connector.applyRouting('1001', 'busy');
    expect(sent).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
    expect(connector.health()).toMatchObject({ status: 'connected', detail: 'recovered after 3 tries' });
  });

  test('re-signs each retry with a fresh timestamp', async () => {
    let t = now;
    const pbx = fakePbx([500, 204]);
    const connector = createWebhookConnector(
      { routingUrl: 'http://pbx.test/r', secret },
      { fetch: pbx.fetch, sleep: async (ms) => void (t += ms + 10_000), clock: { now: () => t } },
    );
    await connector.applyRouting('1001', 'busy');
    const [first, second] = pbx.sent.map((s) => Number(s.headers['X-PresenceBridge-Timestamp']));
    expect(second).toBeGreaterThan(first);
  });

  test('a PBX certificate from a CA Node does not know: the error says so and names NODE_EXTRA_CA_CERTS', async () => {
    const { connector } = connectorWith(['untrusted']);
    const error = await connector.applyRouting('1001', 'busy').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^PBX at .* not reached after 3 tries: the PBX's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)\. If your own CA signed it, start the service with NODE_EXTRA_CA_CERTS=/,
    );
    expect((error as Error).message).not.toContain('token=hidden');
  });

  test("honours the PBX's Retry-After on a 429", async () => {
    const { connector, sleeps } = connectorWith([{ status: 429, headers: { 'retry-after': '2' } }, 204], { retry: { maxDelayMs: 5_000 } });
    await connector.applyRouting('1001', 'busy');
    expect(sleeps).toEqual([2_000]);
  });

  test('gives up after the bounded tries with a retryable ConnectorError and degraded health', async () => {
    const { connector, sent } = connectorWith(['network']);
    const error = await connector.applyRouting('1001', 'busy').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('unreachable after 3 tries (ECONNREFUSED)') });
    expect((error as Error).message).not.toContain('token=hidden');
    expect(sent).toHaveLength(3);
    expect(connector.health()).toMatchObject({ status: 'degraded', lastError: { at: now } });
  });

  test('is down after three failed writes in a row, and connected again after a success', async () => {
    const script: Array<number | 'network'> = [
      'network',
      'network',
      'network',
      'network',
      'network',
      'network',
      'network',
      'network',
      'network',
      204,
    ];
    const { connector } = connectorWith(script);
    for (let i = 0; i < 3; i++) await connector.applyRouting('1001', 'busy').catch(() => undefined);
    expect(connector.health().status).toBe('down');
    await connector.applyRouting('1001', 'busy');
    expect(connector.health().status).toBe('connected');
  });

  test.each([
    [400, 'extension missing', 'check what the PBX expects'],
    [404, 'no such extension 1001', 'check the URL and that the extension exists'],
    [401, 'bad signature', 'set the same shared secret on both sides'],
  ])('does not retry a %i and passes on the PBX answer', async (status, answer, fix) => {
    const { connector, sent } = connectorWith([{ status, body: answer }]);
    const error = await connector.applyRouting('1001', 'busy').catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain(`answered ${status}: ${answer}`);
    expect((error as Error).message).toContain(fix);
    expect(sent).toHaveLength(1);
  });

  test('a refused signature degrades health; a refused request does not', async () => {
    const refused = connectorWith([401]);
    await refused.connector.applyRouting('1001', 'busy').catch(() => undefined);
    expect(refused.connector.health().status).toBe('degraded');
    const rejected = connectorWith([404]);
    await rejected.connector.applyRouting('1001', 'busy').catch(() => undefined);
    expect(rejected.connector.health()).toMatchObject({ status: 'connected', lastError: { message: expect.stringContaining('404') } });
  });

  test('without a routing URL it refuses with a fix and sends nothing', async () => {
    const { connector, sent } = connectorWith([204], { routingUrl: undefined });
    await expect(connector.applyRouting('1001', 'busy')).rejects.toThrow(/no routingUrl/);
    expect(sent).toHaveLength(0);
    expect(connector.capabilities()).toEqual({ lineStateOut: true, routingIn: false, listUsers: false });
  });
});

describe('listUsers', () => {
  test('is absent without a users URL', () => {
    expect(connectorWith([204]).connector.listUsers).toBeUndefined();
  });

  test('GETs the users URL, signed, and returns the users', async () => {
    const users = [{ extension: '1001', displayName: 'Alice', email: 'alice@contoso.com' }, { extension: 1002 }];
    const { connector, sent } = connectorWith([{ status: 200, body: JSON.stringify(users) }], { usersUrl: 'http://pbx.test/users' });
    expect(await connector.listUsers!()).toEqual([users[0], { extension: '1002' }]);
    expect(sent[0]).toMatchObject({ method: 'GET', url: 'http://pbx.test/users' });
    expect(verifySignature(sent[0].headers, '', { secret, nowMs: now, toleranceSeconds: 300 }).ok).toBe(true);
  });

  test.each([
    ['not JSON', 'oops', /did not answer with JSON/],
    ['not an array', '{"users": []}', /not usable/],
    ['a user without extension', '[{"displayName": "Bob"}]', /at 0\.extension/],
    ['a duplicate extension', '[{"extension": "1"}, {"extension": "1"}]', /names extension 1 twice/],
  ])('refuses an answer that is %s', async (_name, body, message) => {
    const { connector } = connectorWith([{ status: 200, body }], { usersUrl: 'http://pbx.test/users' });
    await expect(connector.listUsers!()).rejects.toThrow(message);
  });
});

describe('testConnection', () => {
  test.each([
    ['a 204 to a signed ping', [204], true, /accepted a signed test request/],
    ['a 400 to a ping it does not know', [{ status: 400, body: 'unknown event' }], true, /trusts our signature, but answered 400/],
    ['a 401', [401], false, /same shared secret/],
    ['silence', ['network'], false, /unreachable/],
  ] as const)('reports %s', async (_name, script, ok, message) => {
    const { connector } = connectorWith([...script]);
    const result = await connector.testConnection();
    expect(result.ok).toBe(ok);
    expect(result.message).toMatch(message);
  });
});

describe('line state in', () => {
  test('events for watched extensions reach the sink given to start(); health notes the event', async () => {
    const { connector } = connectorWith([204]);
    const reports: LineStateReport[] = [];
    await connector.start((r) => reports.push(r));
    await connector.watch(['1001']);
    const body = JSON.stringify({ extension: '1001', state: 'ringing', at: now });
    const accepted = await connector.handleLineStateWebhook({ rawBody: body, headers: signatureHeaders(secret, body, now) });
    expect(accepted.status).toBe(202);
    expect(reports).toEqual([{ extension: '1001', state: 'ringing', at: now }]);
    expect(connector.health().lastEventAt).toBe(now);

    const other = JSON.stringify({ extension: '1002', state: 'ringing', at: now });
    expect((await connector.handleLineStateWebhook({ rawBody: other, headers: signatureHeaders(secret, other, now) })).status).toBe(422);
    await connector.stop();
    const again = JSON.stringify({ extension: '1001', state: 'idle', at: now });
    expect((await connector.handleLineStateWebhook({ rawBody: again, headers: signatureHeaders(secret, again, now) })).status).toBe(503);
    expect(reports).toHaveLength(1);
    expect(connector.health().status).toBe('stopped');
  });

  test('during a rotation the previous secret is accepted until its time, never used to sign; then only the current one', async () => {
    const previous = 'the-old-secret-0123456789';
    let clockNow = now;
    const pbx = fakePbx([204]);
    const connector = createWebhookConnector(
      { routingUrl: 'http://pbx.test/routing', secret, previousSecret: { secret: previous, until: now + 60_000 } },
      { fetch: pbx.fetch, sleep: async () => undefined, clock: { now: () => clockNow } },
    );
    await connector.start(() => undefined);
    await connector.watch(['1001']);
    const event = (state: string, signedWith: string) => {
      const body = JSON.stringify({ extension: '1001', state, at: clockNow });
      return connector.handleLineStateWebhook({ rawBody: body, headers: signatureHeaders(signedWith, body, clockNow) });
    };
    expect((await event('ringing', previous)).status).toBe(202);
    expect((await event('onCall', secret)).status).toBe(202);
    expect((await event('idle', 'a-third-secret-0123456789')).status).toBe(401);

    await connector.applyRouting('1001', 'dnd');
    expect(verifySignature(pbx.sent[0].headers, pbx.sent[0].body, { secret, nowMs: clockNow, toleranceSeconds: 300 }).ok).toBe(true);
    expect(verifySignature(pbx.sent[0].headers, pbx.sent[0].body, { secret: previous, nowMs: clockNow, toleranceSeconds: 300 }).ok).toBe(
      false,
    );

    clockNow = now + 60_000;
    expect(await event('ringing', previous)).toMatchObject({ status: 401, body: { error: 'badSignature' } });
    expect((await event('ringing', secret)).status).toBe(202);
    await connector.stop();
  });
});
