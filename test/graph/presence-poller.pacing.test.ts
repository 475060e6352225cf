import { Response } from 'undici';
import { TenantGraphClient } from '../../src/graph/graph-client';
import { POLL_SAFETY_MARGIN_MS, PresencePoller } from '../../src/graph/presence-poller';
import { requestsPerSweep } from '../../src/graph/sweep-period';
import type { Transport } from '../../src/graph/transport';
import { FakeTime } from './fake-time';

const GRAPH_ANSWER_MS = 100;
const WINDOW_MS = 30_000;

/** Most request arrivals inside any window of `windowMs`, both ends included. */
function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  for (let hi = 0, lo = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] > windowMs) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/**
 * A Graph that answers getPresencesByUserId after GRAPH_ANSWER_MS of fake time and records when each request
 * arrived; `answer` picks the status per request (429 with Retry-After, 503) to force retries.
 */
function fakeGraph(time: FakeTime, answer: (n: number) => { status: number; retryAfter?: string } = () => ({ status: 200 })) {
  const arrivals: number[] = [];
  const transport: Transport = {
    async fetch() {
      arrivals.push(time.now());
      const { status, retryAfter } = answer(arrivals.length);
      await time.sleep(GRAPH_ANSWER_MS);
      const body = status === 200 ? JSON.stringify({ value: [] }) : JSON.stringify({ error: { code: 'x', message: 'try later' } });
      return new Response(body, {
        status,
        headers: { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': retryAfter } : {}) },
      });
    },
    close: async () => undefined,
  };
  return { transport, arrivals };
}

function pollerAt(users: number, transport: Transport, time: FakeTime) {
  const client = new TenantGraphClient({
    tenantId: 't1',
    graphBaseUrl: 'https://graph.example.test',
    tokens: { tenantId: 't1', getToken: async () => ({ token: 'tok', expiresAt: time.now() + 3_600_000 }), invalidate: () => undefined },
    transport,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    budget: { limit: 1500, windowMs: WINDOW_MS },
  });
  const ids = Array.from({ length: users }, (_, i) => `user-${i}`);
  const poller = new PresencePoller({
    tenantId: 't1',
    client,
    userIds: () => ids,
    onEvent: () => undefined,
    clock: time.clock,
    scheduler: time.scheduler,
    sleep: time.sleep,
    share: 0.5,
    minPeriodMs: 100,
  });
  return poller;
}

describe('PresencePoller pacing at 100,000 users (budget 1500 / 30 s, share 50 %: 750 poll requests allowed)', () => {
  // The share's own window: 145 requests a sweep, evenly spread; Graph's 30 s windows must never see more than 750.
  const users = 94_021;
  const allowed = 750;
  const theoreticalPeriodMs = (requestsPerSweep(users) / allowed) * WINDOW_MS;

  test('no sliding 30 s window ever holds more than the share, over ten sweeps', async () => {
    const time = new FakeTime();
    const { transport, arrivals } = fakeGraph(time);
    const poller = pollerAt(users, transport, time);
    poller.start();
    await time.advance(10 * theoreticalPeriodMs + 2_000);
    poller.stop();

    expect(requestsPerSweep(users)).toBe(145);
    expect(poller.stats().sweeps).toBeGreaterThanOrEqual(10);
    expect(maxInAnyWindow(arrivals, WINDOW_MS)).toBeLessThanOrEqual(allowed);
  });

  test('the sweep period stays within 3 % of the shortest the share allows', async () => {
    const time = new FakeTime();
    const { transport } = fakeGraph(time);
    const poller = pollerAt(users, transport, time);
    const sweepStarts: number[] = [];
    poller.start();
    for (let i = 0; i < 8; i++) {
      await time.advance(500);
      sweepStarts.push(poller.stats().lastSweepAt!);
      await time.advance(theoreticalPeriodMs * 1.03 - 500);
    }
    poller.stop();
    const kept = (sweepStarts[7] - sweepStarts[1]) / 6;
    expect(kept).toBeGreaterThanOrEqual(theoreticalPeriodMs);
    expect(kept).toBeLessThanOrEqual(theoreticalPeriodMs * 1.03);
    // The period shown to the admin is the one kept: the margin of POLL_SAFETY_MARGIN_MS included.
    expect(poller.stats().sweepPeriodMs).toBe(Math.ceil(145 * ((WINDOW_MS + POLL_SAFETY_MARGIN_MS) / allowed)));
  });

  test('retries of throttled and failed requests count against the share too', async () => {
    const time = new FakeTime();
    // Every 10th request fails with 503 and every 97th is throttled (Retry-After 1 s): each is tried again.
    const { transport, arrivals } = fakeGraph(time, (n) =>
      n % 97 === 0 ? { status: 429, retryAfter: '1' } : n % 10 === 0 ? { status: 503 } : { status: 200 },
    );
    const poller = pollerAt(users, transport, time);
    poller.start();
    await time.advance(10 * theoreticalPeriodMs);
    poller.stop();

    const sweeps = poller.stats().sweeps;
    expect(sweeps).toBeGreaterThanOrEqual(4);
    expect(arrivals.length).toBeGreaterThan(sweeps * 145 * 1.1);
    expect(maxInAnyWindow(arrivals, WINDOW_MS)).toBeLessThanOrEqual(allowed);
    // Close to the share (the Retry-After pauses cost the rest): an unpaced retry would have gone over it.
    expect(maxInAnyWindow(arrivals, WINDOW_MS)).toBeGreaterThan(allowed * 0.7);
  });
});
