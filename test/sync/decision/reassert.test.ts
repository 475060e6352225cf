import { planReassert, type ReassertSides } from '../../../src/sync/decision/reassert';
import type { SyncAction, UserSyncState } from '../../../src/sync/types';
import { MemoryRepository } from '../support/fake-writers';
import { harness, policyOf } from '../support/engine-harness';
import { EXT, T, U, lineEvent, p, userState } from '../support/events';

const POLICY = policyOf({ debounceMs: 0 });
const BOTH: ReassertSides = { session: true, routing: true };
const SESSION_ONLY: ReassertSides = { session: true, routing: false };

const onCall: Partial<UserSyncState> = {
  line: { state: 'onCall', version: '5', at: 5 },
  teamsSent: { presence: p('Busy/InACall'), at: 5 },
};
const setSession = (presence: string): SyncAction => ({ kind: 'setTeamsSession', tenantId: T, userId: U, presence: p(presence) });
const setRouting = (state: 'busy' | 'dnd'): SyncAction => ({ kind: 'setRouting', tenantId: T, userId: U, extension: EXT, state });

describe('planReassert: what a restart writes again', () => {
  test.each<[string, Partial<UserSyncState>, ReassertSides, object, SyncAction[]]>([
    ['our call session', onCall, SESSION_ONLY, {}, [setSession('Busy/InACall')]],
    [
      'a DND pushed to Teams',
      { line: { state: 'dnd', version: '5', at: 5 }, teamsSent: { presence: p('DoNotDisturb/Presenting'), at: 5 } },
      SESSION_ONLY,
      {},
      [setSession('DoNotDisturb/Presenting')],
    ],
    [
      'a session with no line state known (the extension changed): nothing',
      { teamsSent: { presence: p('Busy/InACall'), at: 5 } },
      SESSION_ONLY,
      {},
      [],
    ],
    ['a cleared session: nothing', { teamsSent: { presence: null, at: 5 } }, BOTH, {}, []],
    ['nothing written yet: nothing', {}, BOTH, {}, []],
    ['routing, where the PBX lets it lapse', { routingSent: { state: 'dnd', at: 5 } }, BOTH, {}, [setRouting('dnd')]],
    ['routing the PBX keeps: nothing', { routingSent: { state: 'dnd', at: 5 } }, SESSION_ONLY, {}, []],
    ['both', { ...onCall, routingSent: { state: 'busy', at: 5 } }, BOTH, {}, [setSession('Busy/InACall'), setRouting('busy')]],
    ['a paused user: nothing', { ...onCall, paused: { by: 'admin', at: 1 } }, BOTH, {}, []],
    ['PBX -> Teams turned off since: no session', onCall, BOTH, { pbxToTeams: { enabled: false } }, []],
    ['Teams -> PBX turned off since: no routing', { routingSent: { state: 'dnd', at: 5 } }, BOTH, { teamsToPbx: { enabled: false } }, []],
  ])('%s', (_what, state, sides, policyChange, actions) => {
    const r = planReassert(userState(state), policyOf({ debounceMs: 0, ...policyChange }), 100, sides);
    expect(r.actions).toEqual(actions);
    expect(r.traces.flatMap((t) => t.actions)).toEqual(actions);
    for (const t of r.traces) expect(t).toMatchObject({ at: 100, outcome: 'applied', event: 'service restarted' });
  });
});

describe('engine.reassert', () => {
  async function restarted(states: UserSyncState[], extra = {}) {
    const repository = new MemoryRepository();
    for (const s of states) await repository.save(s);
    const h = harness(POLICY, extra, repository);
    await h.engine.load(T);
    h.engine.setMapping(
      T,
      states.map((s) => ({ userId: s.userId, extension: s.extension })),
    );
    return h;
  }

  test('a loaded call session is written again through the Teams writer, and traced', async () => {
    const h = await restarted([userState(onCall)]);
    expect(h.teams.calls).toHaveLength(0); // loading alone writes nothing
    expect(h.engine.reassert(T, SESSION_ONLY)).toBe(1);
    await h.engine.idle();
    expect(h.log).toEqual(['user-1 setTeamsSession Busy/InACall']);
    expect(h.trace.entries).toEqual([
      expect.objectContaining({
        event: 'service restarted',
        outcome: 'applied',
        reason: expect.stringMatching(/lapses without a running service/),
      }),
    ]);
    expect(h.engine.snapshot(T)[0].teamsSent?.presence).toEqual(p('Busy/InACall'));
  });

  test('a call the PBX says has ended, submitted first, is cleared instead of written again', async () => {
    const h = await restarted([userState(onCall)]);
    h.engine.submit(lineEvent('idle', 9, 9));
    h.engine.reassert(T, SESSION_ONLY);
    await h.engine.idle();
    expect(h.log).toEqual(['user-1 clearTeamsSession']);
  });

  test('routing is written again only when asked for', async () => {
    const state = userState({ routingSent: { state: 'dnd', at: 5 } });
    const keeps = await restarted([state]);
    keeps.engine.reassert(T, SESSION_ONLY);
    await keeps.engine.idle();
    expect(keeps.routing.calls).toHaveLength(0);
    const lapses = await restarted([state]);
    lapses.engine.reassert(T, BOTH);
    await lapses.engine.idle();
    expect(lapses.log).toEqual(['user-1 routing dnd']);
  });

  test('a whole tenant goes in turn: never more than maxPacedBacklog users wait for a write', async () => {
    const states = Array.from({ length: 10 }, (_, i) => ({ ...userState(onCall), userId: `u${i}`, extension: `20${i}` }));
    const h = await restarted(states, { maxConcurrentWrites: 1, maxPacedBacklog: 3 });
    let most = 0;
    const apply = h.teams.apply.bind(h.teams);
    h.teams.apply = (a) => {
      most = Math.max(most, h.engine.stats().bySide.teams.waiting);
      return apply(a);
    };
    h.engine.reassert(T, SESSION_ONLY);
    await h.engine.idle();
    expect(h.teams.calls).toHaveLength(10);
    expect(most).toBeLessThanOrEqual(3);
  });
});

describe('a Teams write that puts something up is saved before it goes out', () => {
  test.each<[string, object, string]>([
    ['our session for a call', { debounceMs: 0 }, 'setTeamsSession'],
    ['the preferred presence under the force policy', { debounceMs: 0, pbxToTeams: { forcePreferred: true } }, 'setPreferredPresence'],
  ])('%s: a crash (kill -9) right after Graph took it leaves a stored state that knows of it', async (_what, policy, kind) => {
    const repository = new MemoryRepository();
    const h = harness(policyOf(policy), {}, repository);
    h.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    if (kind === 'setPreferredPresence') {
      // The user set Do not disturb by hand: only forcing the preferred presence shows the call.
      h.engine.submit({
        kind: 'teamsPresence',
        tenantId: T,
        userId: U,
        presence: p('DoNotDisturb/DoNotDisturb'),
        version: '1',
        at: 1,
        source: 'poll',
      });
      await h.engine.idle();
    }
    const storedWhenWritten: (UserSyncState | undefined)[] = [];
    const apply = h.teams.apply.bind(h.teams);
    h.teams.apply = (a) => {
      if (a.kind === kind) storedWhenWritten.push(repository.rows.get(`${T}/${U}`));
      return apply(a);
    };
    h.engine.submit(lineEvent('onCall', 5, 5));
    await h.engine.idle();
    expect(storedWhenWritten).toHaveLength(1);
    const stored = storedWhenWritten[0]!;
    if (kind === 'setTeamsSession') expect(stored.teamsSent?.presence).toEqual(p('Busy/InACall'));
    else expect(stored.preferredSent?.presence).toEqual(p('Busy/Busy'));
    expect(stored.line?.state).toBe('onCall');
  });
});
