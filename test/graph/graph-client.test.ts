import { Response } from 'undici';
import {
  EntraAuthError,
  GraphPermissionError,
  GraphRequestError,
  GraphUnavailableError,
  TransportTimeoutError,
} from '../../src/graph/errors';
import { TenantGraphClient } from '../../src/graph/graph-client';
import type { Transport, TransportRequest } from '../../src/graph/transport';
import { FakeTime } from './fake-time';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'timeout';

/** A transport that answers from a script and records what it was asked, and when. */
function scriptedTransport(time: FakeTime, script: Answer[], fallback: Answer = { status: 200, body: { value: [] } }) {
  const seen: { at: number; url: string; request: TransportRequest }[] = [];
  const transport: Transport = {
    async fetch(url, request) {
      seen.push({ at: time.now(), url, request });
      const answer = script.shift() ?? fallback;
      if (answer === 'timeout') throw new TransportTimeoutError(url, 1000);
      const json = answer.body === undefined ? null : JSON.stringify(answer.body);
      return new Response(json, {
        status: answer.status,
        headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...answer.headers },
      });
    },
    close: async () => undefined,
  };
  return { transport, seen };
}

function makeClient(time: FakeTime, transport: Transport, extra: Partial<ConstructorParameters<typeof TenantGraphClient>[0]> = {}) {
  let issued = 0;
  const tokens = {
    tenantId: 't1',
    getToken: jest.fn(async () => ({ token: `tok-${++issued}`, expiresAt: time.now() + 3_600_000 })),
    invalidate: jest.fn(),
  };
  const client = new TenantGraphClient({
    tenantId: 't1',
    graphBaseUrl: 'https://graph.example.test',
    tokens,
    transport,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 1,
    backoff: { baseDelayMs: 1_000, maxDelayMs: 8_000, maxAttempts: 4 },
    ...extra,
  });
  return { client, tokens };
}

const tooMany = (retryAfter?: string): Answer => ({
  status: 429,
  body: { error: { code: 'TooManyRequests', message: 'slow down' } },
  headers: retryAfter ? { 'retry-after': retryAfter } : {},
});

describe('TenantGraphClient', () => {
  test('sends the bearer token to the configured Graph host and version', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [{ status: 200, body: { value: [1] } }]);
    const { client } = makeClient(time, transport);
    expect(await client.post('/communications/getPresencesByUserId', { ids: ['a'] })).toEqual({ value: [1] });
    expect(seen[0].url).toBe('https://graph.example.test/v1.0/communications/getPresencesByUserId');
    expect(seen[0].request.headers?.authorization).toBe('Bearer tok-1');
    expect(JSON.parse(seen[0].request.body!)).toEqual({ ids: ['a'] });
  });

  test('a 200 with no body resolves to undefined', async () => {
    const time = new FakeTime();
    const { transport } = scriptedTransport(time, [{ status: 200 }]);
    const { client } = makeClient(time, transport);
    expect(await client.post('/users/u1/presence/setPresence', {})).toBeUndefined();
  });

  test('a fractional Retry-After pauses every request of the tenant, then retries', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [tooMany('2.128')]);
    const { client } = makeClient(time, transport);
    const t0 = time.now();
    const first = client.get('/users/delta');
    await time.advance(0);
    const second = client.get('/users/delta');
    await time.runUntil(Promise.all([first, second]));
    expect(seen.map((s) => s.at - t0)).toEqual([0, 2_128, 2_128]);
    expect(client.stats()).toMatchObject({ throttled: 1, retries: 1, requests: 3 });
  });

  test.each<[string, Answer[], number[]]>([
    ['429 without Retry-After backs off exponentially', [tooMany(), tooMany(), tooMany()], [0, 1_000, 3_000, 7_000]],
    ['503 without Retry-After backs off exponentially', [{ status: 503 }, { status: 503 }], [0, 1_000, 3_000]],
    ['503 with Retry-After waits as told', [{ status: 503, headers: { 'retry-after': '5' } }], [0, 5_000]],
    ['a timeout is retried with backoff', ['timeout', 'timeout'], [0, 1_000, 3_000]],
  ])('%s', async (_name, script, offsets) => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, script);
    const { client } = makeClient(time, transport);
    const t0 = time.now();
    await time.runUntil(client.get('/users/delta'));
    expect(seen.map((s) => s.at - t0)).toEqual(offsets);
  });

  test.each<[string, 'equal' | 'full' | undefined, number[]]>([
    ["a policy without jitter gets Graph's equal jitter: never sooner than half the ceiling", undefined, [0, 500, 1_500]],
    ['a policy may name another jitter', 'full', [0, 0, 0]],
  ])('%s', async (_name, jitter, offsets) => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [{ status: 503 }, { status: 503 }]);
    const { client } = makeClient(time, transport, {
      random: () => 0,
      backoff: { baseDelayMs: 1_000, maxDelayMs: 8_000, maxAttempts: 4, jitter },
    });
    const t0 = time.now();
    await time.runUntil(client.get('/users/delta'));
    expect(seen.map((s) => s.at - t0)).toEqual(offsets);
  });

  test('gives up after the last attempt with GraphUnavailableError', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [], tooMany('1'));
    const { client } = makeClient(time, transport);
    const error = await time.runUntil(client.get('/users/delta', { operation: 'reading users' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect((error as Error).message).toMatch(/reading users .* after 4 attempts \(last: HTTP 429\)/);
    expect(seen).toHaveLength(4);
  });

  test('a 401 fetches a new token once and retries', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [
      { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'expired' } } },
    ]);
    const { client, tokens } = makeClient(time, transport);
    await client.get('/users/delta');
    expect(tokens.invalidate).toHaveBeenCalledTimes(1);
    expect(seen.map((s) => s.request.headers?.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  test('a token failure reaches the caller as the explained Entra error, without a Graph request', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, []);
    const { client, tokens } = makeClient(time, transport);
    tokens.getToken.mockRejectedValueOnce(
      new EntraAuthError('t1', 7000222, 'invalid_client', 'the client secret has expired.', 'create a new one.'),
    );
    const error = await client.get('/users/delta').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntraAuthError);
    expect((error as EntraAuthError).aadsts).toBe(7000222);
    expect(seen).toHaveLength(0);
  });

  test('a 403 becomes a GraphPermissionError naming the permission', async () => {
    const time = new FakeTime();
    const { transport } = scriptedTransport(time, [
      { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } } },
    ]);
    const { client } = makeClient(time, transport);
    const error = await client.post('/users/u1/presence/setPresence', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphPermissionError);
    expect((error as GraphPermissionError).permission).toBe('Presence.ReadWrite.All');
  });

  test('other errors keep status and Graph code, and are not retried', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [{ status: 404, body: { error: { code: 'NotFound', message: 'no session' } } }]);
    const { client } = makeClient(time, transport);
    const error = await client.post('/users/u1/presence/clearPresence', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 404, graphCode: 'NotFound' });
    expect(seen).toHaveLength(1);
  });

  test('follows a full nextLink URL with every parameter intact', async () => {
    const time = new FakeTime();
    const { transport, seen } = scriptedTransport(time, [{ status: 200, body: { value: [] } }]);
    const { client } = makeClient(time, transport);
    await client.get('https://graph.example.test/v1.0/users/delta?$skiptoken=abc==&$top=999');
    const url = new URL(seen[0].url);
    expect(url.origin + url.pathname).toBe('https://graph.example.test/v1.0/users/delta');
    expect(Object.fromEntries(url.searchParams)).toEqual({ $skiptoken: 'abc==', $top: '999' });
  });
});
