import { GraphRequestError } from '../../src/graph/errors';
import { createPresenceWriter, PresenceWriter } from '../../src/graph/presence-writer';
import { FakeTime } from './fake-time';

const busy = { availability: 'Busy', activity: 'InACall' } as const;
const away = { availability: 'Away', activity: 'Away' } as const;

function setup(options: { budgetLimit?: number; share?: number; answerMs?: number } = {}) {
  const time = new FakeTime();
  const posts: { at: number; path: string; body: any }[] = [];
  let failNext: GraphRequestError | undefined;
  let pausedUntil = 0;
  const client = {
    budget: { limit: options.budgetLimit ?? 1500, windowMs: 30_000, readyIn: () => Math.max(0, pausedUntil - time.now()) },
    post: async (path: string, body: unknown) => {
      posts.push({ at: time.now(), path, body });
      if (options.answerMs) await time.sleep(options.answerMs);
      if (failNext) {
        const err = failNext;
        failNext = undefined;
        throw err;
      }
      return undefined;
    },
  };
  const writer = new PresenceWriter({
    tenant: (id) => (id === 't1' ? { client, clientId: 'app-client-id' } : undefined),
    scheduler: time.scheduler,
    clock: time,
    sleep: time.sleep,
    share: options.share,
  });
  return { time, posts, writer, failWith: (e: GraphRequestError) => (failNext = e), pauseUntil: (at: number) => (pausedUntil = at) };
}

describe('PresenceWriter', () => {
  test("sets our session with the app's client id and a 5 minute expiry", async () => {
    const { writer, posts } = setup();
    const outcome = await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    expect(outcome.ok).toBe(true);
    expect(posts).toEqual([
      {
        at: expect.any(Number),
        path: '/users/u1/presence/setPresence',
        body: { sessionId: 'app-client-id', availability: 'Busy', activity: 'InACall', expirationDuration: 'PT5M' },
      },
    ]);
  });

  test('renews the session every 4 minutes while it lasts, and stops when cleared', async () => {
    const { writer, posts, time } = setup();
    const t0 = time.now();
    await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    await time.advance(12 * 60_000);
    expect(posts.map((p) => (p.at - t0) / 60_000)).toEqual([0, 4, 8, 12]);
    await writer.apply({ kind: 'clearTeamsSession', tenantId: 't1', userId: 'u1' });
    await time.advance(20 * 60_000);
    expect(posts.map((p) => p.path.split('/').pop())).toEqual([
      'setPresence',
      'setPresence',
      'setPresence',
      'setPresence',
      'clearPresence',
    ]);
    expect(posts[4].body).toEqual({ sessionId: 'app-client-id' });
  });

  test('a new state replaces the renewal of the old one', async () => {
    const { writer, posts, time } = setup();
    await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    await time.advance(60_000);
    await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: away });
    await time.advance(4 * 60_000);
    expect(posts.map((p) => p.body.availability)).toEqual(['Busy', 'Away', 'Away']);
  });

  test('clearing a session that is already gone (404) counts as done', async () => {
    const { writer, failWith } = setup();
    failWith(new GraphRequestError('t1', 404, 'NotFound', 'op', 'no session', 'n/a'));
    expect(await writer.apply({ kind: 'clearTeamsSession', tenantId: 't1', userId: 'u1' })).toEqual({
      ok: true,
      detail: 'Graph 404: no session to clear (already gone)',
    });
  });

  test('a failed session write is reported and retried 30 s later', async () => {
    const { writer, posts, time, failWith } = setup();
    failWith(new GraphRequestError('t1', 400, 'BadRequest', 'op', 'odd', 'n/a'));
    const outcome = await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    expect(outcome.ok).toBe(false);
    await time.advance(30_000);
    expect(posts).toHaveLength(2);
  });

  test.each([
    [{ kind: 'setTeamsSession', presence: { availability: 'Busy', activity: 'InAMeeting' } }, /cannot set a session to Busy\/InAMeeting/],
    [
      { kind: 'setPreferredPresence', presence: { availability: 'Busy', activity: 'InACall' } },
      /cannot set a preferred presence of Busy\/InACall/,
    ],
  ])('refuses a pair Graph would reject: %j', async (action, detail) => {
    const { writer, posts } = setup();
    const outcome = await writer.apply({ tenantId: 't1', userId: 'u1', ...action } as never);
    expect(outcome).toEqual({ ok: false, detail: expect.stringMatching(detail) });
    expect(posts).toHaveLength(0);
  });

  test('force policy writes and clears the preferred presence', async () => {
    const { writer, posts } = setup();
    await writer.apply({
      kind: 'setPreferredPresence',
      tenantId: 't1',
      userId: 'u1',
      presence: { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
    });
    await writer.apply({ kind: 'clearPreferredPresence', tenantId: 't1', userId: 'u1' });
    expect(posts.map((p) => [p.path, p.body])).toEqual([
      ['/users/u1/presence/setUserPreferredPresence', { availability: 'DoNotDisturb', activity: 'DoNotDisturb' }],
      ['/users/u1/presence/clearUserPreferredPresence', {}],
    ]);
  });

  test('after stop (as after a crash) nothing is renewed', async () => {
    const { writer, posts, time } = setup();
    await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    writer.stop();
    await time.advance(30 * 60_000);
    expect(posts).toHaveLength(1);
  });

  test('writes keep to their share of the tenant budget', async () => {
    const { writer, posts, time } = setup({ budgetLimit: 100, share: 0.3 });
    const all = Array.from({ length: 45 }, (_, i) =>
      writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: `u${i}`, presence: busy }),
    );
    await time.runUntil(Promise.all(all));
    const t0 = posts[0].at;
    expect(posts.filter((p) => p.at - t0 <= 30_000)).toHaveLength(30);
    expect(posts).toHaveLength(45);
  });

  test('an unknown tenant is skipped with a reason', async () => {
    const { writer } = setup();
    expect(await writer.apply({ kind: 'clearTeamsSession', tenantId: 'nope', userId: 'u1' })).toEqual({
      ok: false,
      detail: 'skipped: tenant nope has no Graph connection',
    });
  });

  test('at 200 writes/s with Graph answering in 100 ms, no write waits in the queue (the budget allows the rate)', async () => {
    const { writer, posts, time } = setup({ budgetLimit: 10_000, share: 0.6, answerMs: 100 });
    const submittedAt = new Map<string, number>();
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      time.scheduler.after(i * 5, () => {
        const userId = `u${i}`;
        submittedAt.set(userId, time.now());
        all.push(writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId, presence: busy }));
      });
    }
    await time.advance(2_000);
    await time.runUntil(Promise.all(all));
    expect(posts).toHaveLength(400);
    const waited = posts.map((p) => p.at - submittedAt.get(decodeURIComponent(p.path.split('/')[2]))!);
    expect(Math.max(...waited)).toBe(0);
  });

  test('while Graph says Retry-After, writes wait in the queue and only the newest state per user goes out', async () => {
    const { writer, posts, time, pauseUntil } = setup();
    const t0 = time.now();
    pauseUntil(t0 + 2_000);
    const first = writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    await time.advance(500);
    const second = writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: away });
    expect(writer.stats().queued).toBe(1);
    expect(await first).toMatchObject({ ok: true, detail: expect.stringMatching(/superseded/) });
    await time.advance(1_499);
    expect(posts).toHaveLength(0);
    await time.advance(1);
    expect(await second).toMatchObject({ ok: true });
    expect(posts.map((p) => [p.at - t0, p.body.availability])).toEqual([[2_000, 'Away']]);
  });
});

describe('createPresenceWriter', () => {
  test('finds each tenant in the connections it is given: a known tenant is written, an unknown one is not', async () => {
    const time = new FakeTime();
    const paths: string[] = [];
    const client = { budget: { limit: 1500, windowMs: 30_000 }, post: async (path: string) => void paths.push(path) };
    const writer = createPresenceWriter(new Map([['t1', { client, clientId: 'app-client-id' }]]), {
      scheduler: time.scheduler,
      clock: time,
      sleep: time.sleep,
    });
    expect((await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy })).ok).toBe(true);
    expect((await writer.apply({ kind: 'setTeamsSession', tenantId: 't2', userId: 'u2', presence: busy })).ok).toBe(false);
    expect(paths).toEqual(['/users/u1/presence/setPresence']);
    writer.stop();
  });
});
