import { GraphRequestError } from '../../src/graph/errors';
import { PresenceWriter } from '../../src/graph/presence-writer';
import { FakeTime } from './fake-time';

const busy = { availability: 'Busy', activity: 'InACall' } as const;
const away = { availability: 'Away', activity: 'Away' } as const;

function setup(options: { budgetLimit?: number; share?: number } = {}) {
  const time = new FakeTime();
  const posts: { at: number; path: string; body: any }[] = [];
  let failNext: GraphRequestError | undefined;
  const client = {
    budget: { limit: options.budgetLimit ?? 1500, windowMs: 30_000 },
    post: async (path: string, body: unknown) => {
      posts.push({ at: time.now(), path, body });
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
  return { time, posts, writer, failWith: (e: GraphRequestError) => (failNext = e) };
}

describe('PresenceWriter', () => {
  test('sets our session with the app\'s client id and a 5 minute expiry', async () => {
    const { writer, posts } = setup();
    const outcome = await writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: 'u1', presence: busy });
    expect(outcome.ok).toBe(true);
    expect(posts).toEqual([
      { at: expect.any(Number), path: '/users/u1/presence/setPresence', body: { sessionId: 'app-client-id', availability: 'Busy', activity: 'InACall', expirationDuration: 'PT5M' } },
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
    expect(posts.map((p) => p.path.split('/').pop())).toEqual(['setPresence', 'setPresence', 'setPresence', 'setPresence', 'clearPresence']);
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
    expect(await writer.apply({ kind: 'clearTeamsSession', tenantId: 't1', userId: 'u1' })).toEqual({ ok: true, detail: 'Graph 404: no session to clear (already gone)' });
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
    [{ kind: 'setPreferredPresence', presence: { availability: 'Busy', activity: 'InACall' } }, /cannot set a preferred presence of Busy\/InACall/],
  ])('refuses a pair Graph would reject: %j', async (action, detail) => {
    const { writer, posts } = setup();
    const outcome = await writer.apply({ tenantId: 't1', userId: 'u1', ...action } as never);
    expect(outcome).toEqual({ ok: false, detail: expect.stringMatching(detail) });
    expect(posts).toHaveLength(0);
  });

  test('force policy writes and clears the preferred presence', async () => {
    const { writer, posts } = setup();
    await writer.apply({ kind: 'setPreferredPresence', tenantId: 't1', userId: 'u1', presence: { availability: 'DoNotDisturb', activity: 'DoNotDisturb' } });
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
    const all = Array.from({ length: 45 }, (_, i) => writer.apply({ kind: 'setTeamsSession', tenantId: 't1', userId: `u${i}`, presence: busy }));
    await time.runUntil(Promise.all(all));
    const t0 = posts[0].at;
    expect(posts.filter((p) => p.at - t0 <= 30_000)).toHaveLength(30);
    expect(posts).toHaveLength(45);
  });

  test('an unknown tenant is skipped with a reason', async () => {
    const { writer } = setup();
    expect(await writer.apply({ kind: 'clearTeamsSession', tenantId: 'nope', userId: 'u1' })).toEqual({ ok: false, detail: 'skipped: tenant nope has no Graph connection' });
  });
});
