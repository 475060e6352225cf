import type { LineStateReport } from '../../../src/pbx/connector';
import { createLineStateWebhookHandler, type LineStateWebhookOptions } from '../../../src/pbx/webhook/line-state-webhook';
import { DEFAULT_LINE_STATE_MAPPING, parseLineStateMapping } from '../../../src/pbx/webhook/line-state-mapping';
import { signatureHeaders } from '../../../src/pbx/webhook/signature';
import { MAX_CLOCK_SKEW_MS } from '../../../src/sync/decision/versions';

const secret = 'line-state-secret-0123456789';
const start = 1_735_689_600_000;

function setup(overrides: Partial<LineStateWebhookOptions> = {}) {
  let now = start;
  const emitted: LineStateReport[] = [];
  const handle = createLineStateWebhookHandler({
    secret,
    toleranceSeconds: 300,
    mapping: DEFAULT_LINE_STATE_MAPPING,
    clock: { now: () => now },
    isKnownExtension: (ext) => ext === '1001' || ext === '1002',
    sink: () => (report) => emitted.push(report),
    ...overrides,
  });
  const signed = (body: string, at = now, key = secret) => ({ rawBody: body, headers: signatureHeaders(key, body, at) });
  return { handle, emitted, signed, advance: (ms: number) => (now += ms) };
}

const event = (fields: Record<string, unknown> = {}) => JSON.stringify({ extension: '1001', state: 'onCall', at: start, ...fields });

test('a signed, fresh, mapped event for a known extension is accepted and emitted once', async () => {
  const { handle, emitted, signed } = setup();
  const response = await handle(signed(event()));
  expect(response).toEqual({ status: 202, body: { accepted: true, extension: '1001', state: 'onCall', at: start } });
  expect(emitted).toEqual([{ extension: '1001', state: 'onCall', at: start }]);
});

test('accepts the raw body as bytes', async () => {
  const { handle, emitted } = setup();
  const body = Buffer.from(event());
  expect((await handle({ rawBody: body, headers: signatureHeaders(secret, body, start) })).status).toBe(202);
  expect(emitted).toHaveLength(1);
});

test.each([
  ['a bad signature', (s: ReturnType<typeof setup>) => s.signed(event(), start, 'some-other-secret-value'), 401, 'badSignature'],
  ['a tampered body', (s: ReturnType<typeof setup>) => ({ ...s.signed(event()), rawBody: event({ state: 'idle' }) }), 401, 'badSignature'],
  ['a stale timestamp', (s: ReturnType<typeof setup>) => s.signed(event(), start - 301_000), 401, 'staleTimestamp'],
  ['missing signature headers', () => ({ rawBody: event(), headers: {} }), 401, 'missingHeaders'],
  ['malformed JSON', (s: ReturnType<typeof setup>) => s.signed('{"extension": "1001",'), 400, 'malformedJson'],
  ['an unknown state value', (s: ReturnType<typeof setup>) => s.signed(event({ state: 'talking' })), 422, 'unknownState'],
  ['a missing extension', (s: ReturnType<typeof setup>) => s.signed(event({ extension: undefined })), 422, 'missingField'],
  ['an unknown extension', (s: ReturnType<typeof setup>) => s.signed(event({ extension: '9999' })), 422, 'unknownExtension'],
  ['an oversized body', (s: ReturnType<typeof setup>) => s.signed(event({ pad: 'x'.repeat(70_000) })), 413, 'payloadTooLarge'],
  [
    'a line-state time far in the future (signed, year 2100)',
    (s: ReturnType<typeof setup>) => s.signed(event({ at: Date.UTC(2100, 0, 1) })),
    400,
    'futureTimestamp',
  ],
  [
    'a line-state time just past the allowed clock skew',
    (s: ReturnType<typeof setup>) => s.signed(event({ at: start + MAX_CLOCK_SKEW_MS + 1 })),
    400,
    'futureTimestamp',
  ],
])('refuses %s with a clear 4xx and emits nothing', async (_name, makeRequest, status, error) => {
  const s = setup();
  const response = await s.handle(makeRequest(s));
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ error });
  expect((response.body as { message: string }).message.length).toBeGreaterThan(20);
  expect(s.emitted).toEqual([]);
});

test('accepts a line-state time ahead of our clock by no more than the allowed skew', async () => {
  const { handle, emitted, signed } = setup();
  expect((await handle(signed(event({ at: start + MAX_CLOCK_SKEW_MS })))).status).toBe(202);
  expect(emitted).toEqual([{ extension: '1001', state: 'onCall', at: start + MAX_CLOCK_SKEW_MS }]);
});

test('refuses a replay of an accepted request within the window', async () => {
  const { handle, emitted, signed, advance } = setup();
  const request = signed(event());
  expect((await handle(request)).status).toBe(202);
  advance(60_000);
  const replay = await handle(request);
  expect(replay).toMatchObject({ status: 409, body: { error: 'replay' } });
  expect(emitted).toHaveLength(1);
});

test('a replay after the window is refused as stale', async () => {
  const { handle, signed, advance } = setup();
  const request = signed(event());
  await handle(request);
  advance(301_000);
  expect(await handle(request)).toMatchObject({ status: 401, body: { error: 'staleTimestamp' } });
});

test('a refused request can be resent once the cause is fixed (its signature was not remembered)', async () => {
  let known = false;
  const { handle, signed } = setup({ isKnownExtension: () => known });
  const request = signed(event());
  expect((await handle(request)).status).toBe(422);
  known = true;
  expect((await handle(request)).status).toBe(202);
});

test('answers 503 when replays cannot be checked (the store is away), so the PBX retries and nothing is emitted', async () => {
  const { handle, emitted, signed } = setup({
    replayGuard: {
      admit: async () => {
        throw new Error('connection refused');
      },
    },
  });
  expect(await handle(signed(event()))).toMatchObject({ status: 503, body: { error: 'notAccepting' } });
  expect(emitted).toEqual([]);
});

test('answers 503 while nothing listens, so the PBX retries', async () => {
  const { handle, signed } = setup({ sink: () => undefined });
  expect(await handle(signed(event()))).toMatchObject({ status: 503, body: { error: 'notAccepting' } });
});

test('maps a vendor payload through a configured mapping', async () => {
  const mapping = parseLineStateMapping({
    paths: { extension: 'data.ext', state: 'data.status', at: 'timestamp' },
    values: { talking: 'onCall', ringing: 'ringing', idle: 'idle' },
  });
  const { handle, emitted, signed } = setup({ mapping });
  const body = JSON.stringify({ type: 'extension.status', data: { ext: 1002, status: 'talking' }, timestamp: 1_735_689_590 });
  expect((await handle(signed(body))).status).toBe(202);
  expect(emitted).toEqual([{ extension: '1002', state: 'onCall', at: 1_735_689_590_000 }]);
});

test('waits for an asynchronous known-extension lookup', async () => {
  const { handle, emitted, signed } = setup({ isKnownExtension: async (ext) => ext === '1001' });
  expect((await handle(signed(event()))).status).toBe(202);
  expect(emitted).toHaveLength(1);
});
