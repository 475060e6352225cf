import type { TeamsWriter, WriteOutcome } from '../../../src/sync/ports';
import type { SetRoutingAction, SyncAction } from '../../../src/sync/types';
import { flush, harness, policyOf } from '../support/engine-harness';
import { RecordingRouting } from '../support/fake-writers';
import { T, lineEvent, teamsEvent } from '../support/events';

type TeamsAction = Exclude<SyncAction, SetRoutingAction>;

/** A Teams writer parked behind Graph throttling: its writes answer only when a test says so (or never). */
class ParkedTeams implements TeamsWriter {
  readonly calls: TeamsAction[] = [];
  private readonly answers = new Map<string, (o: WriteOutcome) => void>();
  apply(action: TeamsAction): Promise<WriteOutcome> {
    this.calls.push(action);
    return new Promise((resolve) => this.answers.set(action.userId, resolve));
  }
  answer(userId: string): void {
    this.answers.get(userId)?.({ ok: true, detail: 'Graph 200' });
    this.answers.delete(userId);
  }
}

const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'];

function setup() {
  const teams = new ParkedTeams();
  const h = harness(policyOf({ debounceMs: 0 }), { teams, maxConcurrentWrites: 2 });
  h.engine.setMapping(
    T,
    USERS.map((userId, i) => ({ userId, extension: String(2001 + i) })),
  );
  const line = (userId: string, state: Parameters<typeof lineEvent>[0], version: number) =>
    h.engine.submit(lineEvent(state, version, 1000, userId, String(2001 + USERS.indexOf(userId))));
  return { ...h, teams, line };
}

describe('sync engine write slots per side', () => {
  test("while every Teams slot is taken by writes that never answer, other users' routing writes go out at once", async () => {
    const h = setup();
    h.line('u1', 'onCall', 1);
    h.line('u2', 'onCall', 1);
    h.line('u3', 'onCall', 1); // waits for a Teams slot
    await flush();
    expect(h.teams.calls.map((c) => c.userId)).toEqual(['u1', 'u2']);

    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'u4'));
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '1', 1000, 'u5'));
    await flush();
    expect(h.routing.calls.map((c) => [c.userId, c.state])).toEqual([
      ['u4', 'busy'],
      ['u5', 'dnd'],
    ]);
    expect(h.engine.stats().bySide).toEqual({
      routing: { waiting: 0, running: 0 },
      teams: { waiting: 1, running: 2 },
      saves: { waiting: 0, running: 0 },
    });
  });

  test('state saves that hang do not take the routing slots', async () => {
    const saved: string[] = [];
    const repository = { loadAll: async () => [], save: (s: { userId: string }) => (saved.push(s.userId), new Promise<void>(() => {})) };
    const h = harness(policyOf({ debounceMs: 0 }), { maxConcurrentWrites: 1 }, repository as never);
    h.engine.setMapping(
      T,
      USERS.map((userId, i) => ({ userId, extension: String(2001 + i) })),
    );
    for (const userId of ['u1', 'u2', 'u3']) h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, userId));
    for (let i = 0; i < 4; i++) await flush();
    expect(h.routing.calls.map((c) => c.userId)).toEqual(['u1', 'u2', 'u3']);
    expect(saved).toEqual(['u1']);
    expect(h.engine.stats().bySide.saves).toEqual({ waiting: 2, running: 1 });
  });

  test("a user's routing write still waits for that user's own Teams write before it (per-user order)", async () => {
    const h = setup();
    h.line('u1', 'onCall', 1);
    await flush();
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '1', 1000, 'u1'));
    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'u2'));
    await flush();
    expect(h.routing.calls.map((c) => c.userId)).toEqual(['u2']);

    h.teams.answer('u1');
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.userId)).toEqual(['u2', 'u1']);
    expect(h.trace.forUser('u1').map((e) => e.direction)).toEqual(['pbxToTeams', 'teamsToPbx']);
  });

  test('a user waiting for a Teams slot moves to the routing slots when its Teams write is superseded by a later decision', async () => {
    const h = setup();
    h.line('u1', 'onCall', 1);
    h.line('u2', 'onCall', 1);
    h.line('u3', 'onCall', 1); // waits: session Busy/InACall
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '1', 1000, 'u3')); // then routing dnd
    h.line('u3', 'idle', 2); // replaces the waiting session write with a clear, after the routing write
    await flush();
    expect(h.routing.calls.map((c) => [c.userId, c.state])).toEqual([['u3', 'dnd']]);
    expect(h.teams.calls.map((c) => c.userId)).toEqual(['u1', 'u2']);
    const u3 = h.trace.forUser('u3');
    expect(u3[0].result).toContain('superseded');
  });

  test('Teams writes waiting behind a late one are coalesced: coming back to the running target writes nothing more', async () => {
    const h = setup();
    h.line('u1', 'onCall', 1);
    await flush();
    h.line('u1', 'held', 2);
    h.line('u1', 'idle', 3);
    h.line('u1', 'onCall', 4);
    h.teams.answer('u1');
    await flush();
    h.teams.answer('u1');
    await h.engine.idle();
    expect(h.teams.calls.map((c) => c.kind)).toEqual(['setTeamsSession']);
    expect(h.engine.stats().writes).toMatchObject({ ok: 1, skipped: 1 });
  });

  test("routingBacklog counts one tenant's users waiting for a routing slot, not the running ones or other tenants'", async () => {
    const routing = new RecordingRouting();
    routing.manual = true;
    const h = harness(policyOf({ debounceMs: 0 }), { routing, maxConcurrentWrites: 2 });
    h.engine.setMapping(
      T,
      USERS.map((userId, i) => ({ userId, extension: String(2001 + i) })),
    );
    h.engine.setMapping('tenant-b', [{ userId: 'b1', extension: '3001' }]);
    for (const userId of USERS) h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, userId));
    h.engine.submit({ ...teamsEvent('Busy/Busy', '1', 1000, 'b1'), tenantId: 'tenant-b' });
    await flush();
    expect(routing.calls).toHaveLength(2);
    expect(h.engine.routingBacklog(T)).toBe(3);
    expect(h.engine.routingBacklog('tenant-b')).toBe(1);
    expect(h.engine.routingBacklog('tenant-c')).toBe(0);

    routing.releaseAll();
    await h.engine.idle();
    expect(h.engine.routingBacklog(T)).toBe(0);
    expect(h.engine.routingBacklog('tenant-b')).toBe(0);
  });
});
