/**
 * The service's HTTP edge, on a whole demo service: no body, encoding or connection ends the process or holds
 * its sockets; a wrong body is refused with a 4xx naming what is expected.
 */
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { signatureHeaders } from '../../src/pbx/webhook/signature';
import { startDemoService, type DemoService } from '../support/demo-service';
import { closed, openSockets, send } from './support/raw-http';
import { demoOf } from '../../src/demo/demo-of';

let demo: DemoService;
let url: string;
let port: number;
const SHORT = { PB_HTTP_HEADERS_TIMEOUT_MS: '1000', PB_HTTP_REQUEST_TIMEOUT_MS: '2000', PB_HTTP_IDLE_TIMEOUT_MS: '700' };

beforeAll(async () => {
  demo = await startDemoService(SHORT);
  url = demo.service.url;
  port = Number(new URL(url).port);
});
afterAll(() => demo.stop());

const webhookPath = () => `/api/pbx/${demo.tenantId}/line-state`;
const healthy = async () => (await send(url, { method: 'GET', path: '/healthz' })).status;

/** 60 MB of zeros as a 60 KB gzip body: what the body limit counted before, not what the reader held. */
const gzipBomb = gzipSync(Buffer.alloc(60 * 1024 * 1024), { level: 9 });

describe.each([
  ['the PBX webhook', () => webhookPath()],
  ['the bot endpoint', () => '/api/messages'],
  ['an admin route', () => '/api/admin/rules'],
])('%s refuses encoded bodies with 415, and the service keeps answering', (_name, path) => {
  test.each<[string, string, Buffer]>([
    ['gzip garbage', 'gzip', Buffer.from('this is not gzip at all')],
    ['a gzip bomb', 'gzip', gzipBomb],
    ['deflate', 'deflate', deflateSync(Buffer.from('{"a":1}'))],
    ['br', 'br', brotliCompressSync(Buffer.from('{"a":1}'))],
    ['GZIP in capitals', 'GZIP', gzipSync(Buffer.from('{"a":1}'))],
    ['a chain', 'gzip, identity', gzipSync(Buffer.from('{"a":1}'))],
  ])('%s', async (_case, encoding, body) => {
    const answer = await send(url, { path: path(), headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: 'unsupportedContentEncoding',
      message: expect.stringContaining('without a Content-Encoding header'),
    });
    expect(await healthy()).toBe(200);
  });
});

test('a gzip body signed correctly is refused too: no client of ours compresses, so nothing is inflated', async () => {
  const body = gzipSync(Buffer.from(JSON.stringify({ extension: '1001', state: 'onCall', at: Date.now() })));
  const answer = await send(url, {
    path: webhookPath(),
    headers: {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      ...signatureHeaders(demo.service.demo!.pbxSecret, body, Date.now()),
    },
    body,
  });
  expect(answer.status).toBe(415);
});

test('Content-Encoding: identity is an uncompressed body and passes', async () => {
  const body = JSON.stringify({ extension: '1001', state: 'onCall', at: Date.now() });
  const answer = await send(url, {
    path: webhookPath(),
    headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
    body,
  });
  expect(answer.status).toBe(401); // unsigned: refused by the webhook itself, past the edge
});

describe('a body in another media type is 415 naming the expected one, before anything else is checked', () => {
  test.each<[string, () => string, string | undefined]>([
    ['webhook, text/plain', () => webhookPath(), 'text/plain'],
    ['webhook, form', () => webhookPath(), 'application/x-www-form-urlencoded'],
    ['webhook, octet-stream', () => webhookPath(), 'application/octet-stream'],
    ['webhook, none', () => webhookPath(), undefined],
    ['bot, text/plain', () => '/api/messages', 'text/plain'],
    ['bot, multipart', () => '/api/messages', 'multipart/form-data; boundary=x'],
    ['bot, none', () => '/api/messages', undefined],
  ])('%s', async (_name, path, contentType) => {
    const answer = await send(url, {
      path: path(),
      headers: contentType ? { 'content-type': contentType } : {},
      body: '{"type":"message"}',
    });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: 'unsupportedMediaType',
      message: expect.stringContaining('takes application/json'),
    });
  });

  test('a signed webhook event sent as application/json; charset=utf-8 is accepted', async () => {
    const extension = demoOf(demo.service).people.pbxUsers[0].extension;
    const body = JSON.stringify({ extension, state: 'idle', at: Date.now() });
    const answer = await send(url, {
      path: webhookPath(),
      headers: { 'content-type': 'application/json; charset=utf-8', ...signatureHeaders(demo.service.demo!.pbxSecret, body, Date.now()) },
      body,
    });
    expect(answer.status).toBe(202);
  });
});

describe('the bot endpoint answers a body that is no activity with 400 naming what is missing', () => {
  const activity = {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:a' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:1' },
  };
  test.each<[string, unknown, RegExp]>([
    ['an empty object', {}, /type: must be a string/],
    ['an array', [], /the body: must be a JSON object/],
    ['a string', 'hello', /the body: must be a JSON object/],
    ['null', null, /the body: must be a JSON object/],
    ['a numeric type', { ...activity, type: 5 }, /type: must be a string/],
    ['no conversation', { ...activity, conversation: undefined }, /conversation: must be an object with an id/],
    ['a conversation without id', { ...activity, conversation: {} }, /conversation\.id: must be a string/],
    ['no serviceUrl', { ...activity, serviceUrl: undefined }, /serviceUrl: must be the Bot Connector URL/],
    ['a serviceUrl that is no URL', { ...activity, serviceUrl: 'javascript:alert(1)' }, /serviceUrl: must be an http\(s\) URL/],
  ])('%s', async (_name, body, problem) => {
    const answer = await send(url, { path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(400);
    const parsed = JSON.parse(answer.body) as { error: string; message: string };
    expect(parsed.error).toBe('malformedActivity');
    expect(parsed.message).toMatch(problem);
  });
});

describe('connections that send nothing, or their head too slowly, are closed (limits set short here)', () => {
  test('500 silent sockets are all closed by the server', async () => {
    const sockets = await openSockets(port, 500);
    await Promise.all(sockets.map(closed));
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(await healthy()).toBe(200);
  }, 20_000);

  test('200 sockets that trickle their request head are all closed by the server', async () => {
    const sockets = await openSockets(port, 200);
    // One header byte every 100 ms: never idle, never done.
    const drip = setInterval(
      () => sockets.forEach((s) => s.writable && s.write(s.bytesWritten === 0 ? 'GET /healthz HTTP/1.1\r\nx: ' : 'a')),
      100,
    );
    try {
      await Promise.all(sockets.map(closed));
    } finally {
      clearInterval(drip);
    }
    expect(sockets.every((s) => s.closed)).toBe(true);
    expect(await healthy()).toBe(200);
  }, 20_000);
});
