/**
 * A throttled presence write follows Graph's Retry-After: once the client has used its attempts on 429s, the
 * writer's next try comes when Graph said it may, not after a fixed wait (a call once showed 45 s late).
 */
import { Response } from 'undici';
import { TenantGraphClient } from '../../src/graph/graph-client';
import { PresenceWriter } from '../../src/graph/presence-writer';
import type { Transport } from '../../src/graph/transport';
import { FakeTime } from './fake-time';

type Answer = { status: number; headers?: Record<string, string> };

function setup(script: Answer[]) {
  const time = new FakeTime();
  const sent: number[] = [];
  const transport: Transport = {
    async fetch() {
      sent.push(time.now());
      const answer = script.shift() ?? { status: 200 };
      const body = answer.status === 200 ? null : JSON.stringify({ error: { code: 'TooManyRequests', message: 'slow down' } });
      return new Response(body, {
        status: answer.status,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...answer.headers },
      });
    },
    close: async () => undefined,
  };
  const tokens = {
    tenantId: 't1',
    getToken: async () => ({ token: 'tok', expiresAt: time.now() + 3_600_000 }),
    invalidate: () => undefined,
  };
  // Graph's own retry policy (6 attempts), as in production.
  const client = new TenantGraphClient({
    tenantId: 't1',
    graphBaseUrl: 'https://graph.example.test',
    tokens,
    transport,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
  });
  const writer = new PresenceWriter({
    tenant: () => ({ client, clientId: 'app' }),
    scheduler: time.scheduler,
    clock: time,
    sleep: time.sleep,
  });
  return { time, sent, writer };
}

const throttled = (retryAfter: string): Answer => ({ status: 429, headers: { 'retry-after': retryAfter } });

describe('presence writer under throttling', () => {
  test.each([
    ['3', 3_000],
    ['2.128', 2_128],
    ['45', 45_000],
  ])(
    'after the client gives up on 429s with Retry-After: %s, the next try comes %i ms after the last answer',
    async (retryAfter, waitMs) => {
      const { time, sent, writer } = setup(Array.from({ length: 6 }, () => throttled(retryAfter)));
      const outcome = await time.runUntil(
        writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: { availability: 'Busy', activity: 'InACall' } }),
      );
      expect(outcome.ok).toBe(false);
      expect(sent).toHaveLength(6);
      await time.advance(60_000);
      expect(sent.length).toBeGreaterThanOrEqual(7);
      expect(sent[6] - sent[5]).toBe(waitMs);
    },
  );

  test('without Retry-After the writer still tries again (after its own wait)', async () => {
    const { time, sent, writer } = setup(Array.from({ length: 6 }, () => ({ status: 503 })));
    const outcome = await time.runUntil(
      writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: { availability: 'Busy', activity: 'InACall' } }),
    );
    expect(outcome.ok).toBe(false);
    await time.advance(60_000);
    expect(sent).toHaveLength(7);
  });
});
