import { EngineStoppedError, PauseNotStoredError } from '../../../src/sync/errors';
import { MAX_CLOCK_SKEW_MS } from '../../../src/sync/decision/versions';
import { MemoryRepository } from '../support/fake-writers';
import { flush, harness, policyOf } from '../support/engine-harness';
import { EXT, T, U, lineEvent, p, pushEvent, teamsEvent } from '../support/events';
import type { UserSyncState } from '../../../src/sync/types';

const NO_DEBOUNCE = policyOf({ debounceMs: 0 });

function setup(policy = NO_DEBOUNCE, extra = {}) {
  const h = harness(policy, extra);
  h.engine.setMapping(T, [
    { userId: U, extension: EXT },
    { userId: 'user-2', extension: '1002' },
  ]);
  return h;
}

describe('sync engine', () => {
  test('a Teams event becomes a routing write, with the outcome in the trace', async () => {
    const h = setup();
    expect(h.engine.submit(teamsEvent('Busy/InAMeeting', '1', h.time.now()))).toBe('decided');
    await h.engine.idle();
    expect(h.routing.calls).toEqual([{ kind: 'setRouting', tenantId: T, userId: U, extension: EXT, state: 'busy' }]);
    expect(h.trace.entries).toHaveLength(1);
    expect(h.trace.entries[0]).toMatchObject({ outcome: 'applied', result: 'setRouting busy (1001): PBX accepted (204)' });
  });

  test('the same state again writes nothing (idempotent)', async () => {
    const h = setup();
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(teamsEvent('Busy/InAMeeting', '2'));
    await h.engine.idle();
    expect(h.routing.calls).toHaveLength(1);
    expect(h.trace.entries[1].outcome).toBe('unchanged');
  });

  test("a user's writes run one after another in decision order, across both sides", async () => {
    const h = setup();
    h.routing.manual = true;
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(lineEvent('onCall', 1));
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '2'));
    await flush();
    expect(h.log).toEqual(['user-1 routing busy']); // the rest waits for the PBX to answer
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.log).toEqual(['user-1 routing busy', 'user-1 setTeamsSession Busy/InACall', 'user-1 routing dnd']);
  });

  test("other users are not held up by one user's slow write", async () => {
    const h = setup();
    h.routing.manual = true;
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'user-2'));
    await flush();
    expect(h.routing.calls.map((c) => c.userId)).toEqual([U, 'user-2']);
    h.routing.release();
    await h.engine.idle();
  });

  test('maxConcurrentWrites bounds writes in flight over all users', async () => {
    const h = setup(NO_DEBOUNCE, { maxConcurrentWrites: 1 });
    h.routing.manual = true;
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'user-2'));
    await flush();
    expect(h.routing.calls).toHaveLength(1);
    expect(h.engine.stats().inFlight).toBe(1);
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.routing.calls).toHaveLength(2);
  });

  test('while a write is in flight, the newest waiting target wins and the replaced one is traced as superseded', async () => {
    const h = setup();
    h.routing.manual = true;
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    await flush();
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '2'));
    h.engine.submit(teamsEvent('BeRightBack/BeRightBack', '3'));
    h.routing.releaseAll();
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'away']);
    const dnd = h.trace.entries.find((e) => e.event.includes('DoNotDisturb'));
    expect(dnd?.result).toContain('superseded');
    expect(h.engine.stats().writes.superseded).toBe(1);
  });

  test('a waiting write is cancelled when the newest target is what the PBX will have anyway', async () => {
    const h = setup();
    h.engine.submit(teamsEvent('Available/Available', '1'));
    await h.engine.idle();
    h.routing.manual = true;
    h.engine.submit(teamsEvent('Busy/Busy', '2')); // in flight
    await flush();
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '3')); // waits
    h.engine.submit(teamsEvent('Busy/InAMeeting', '4')); // back to busy: the running write already does it
    h.routing.release();
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['available', 'busy']);
    expect(h.engine.stats().writes.skipped).toBe(1);
  });

  test('flapping Teams presence is debounced: the first change at once, then one decision on the last state', async () => {
    const h = setup(policyOf({ debounceMs: 2000 }));
    expect(h.engine.submit(teamsEvent('Busy/Busy', '1'))).toBe('decided');
    h.time.advance(500);
    expect(h.engine.submit(teamsEvent('Available/Available', '2'))).toBe('debounced');
    h.time.advance(500);
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '3'));
    h.time.advance(1999);
    await flush();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy']);
    expect(h.engine.stats().debouncing).toBe(1);
    h.time.advance(1);
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'dnd']);
    expect(h.trace.entries).toHaveLength(2);
  });

  test('a line event first decides the Teams event still waiting out its debounce (no reordering)', async () => {
    const h = setup(policyOf({ debounceMs: 2000 }));
    h.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '1'));
    h.engine.submit(lineEvent('onCall', 1));
    await h.engine.idle();
    expect(h.trace.entries.map((e) => `${e.direction} ${e.outcome}`)).toEqual(['teamsToPbx applied', 'pbxToTeams heldBack']);
    expect(h.engine.stats().debouncing).toBe(0);
    h.time.advance(5000);
    await h.engine.idle();
    expect(h.routing.calls).toHaveLength(1);
  });

  test('an older notification arriving during the debounce does not replace a newer one', async () => {
    const h = setup(policyOf({ debounceMs: 1000 }));
    h.engine.submit(pushEvent('DoNotDisturb/DoNotDisturb', '5', h.time.now()));
    h.engine.submit(pushEvent('Available/Available', '4', h.time.now()));
    h.time.advance(1000);
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['dnd']);
  });

  test('a presence that never settles is still acted on within five debounce periods', async () => {
    const h = setup(policyOf({ debounceMs: 1000 }));
    for (let i = 0; i < 20; i++) {
      h.engine.submit(teamsEvent(i % 2 ? 'Busy/Busy' : 'Available/Available', String(i).padStart(3, '0')));
      h.time.advance(500);
    }
    await h.engine.idle();
    expect(h.routing.calls.length).toBeGreaterThanOrEqual(1);
  });

  test('line events are never debounced, and debounce 0 uses no timers', async () => {
    const h = setup(policyOf({ debounceMs: 2000 }));
    expect(h.engine.submit(lineEvent('onCall', 1))).toBe('decided');
    const off = setup();
    off.engine.submit(teamsEvent('Busy/Busy', '1'));
    expect(off.time.pendingTimers).toBe(0);
    await h.engine.idle();
    expect(h.teams.calls).toHaveLength(1);
  });

  test('paused users are traced and not written; resume brings them in line', async () => {
    const h = setup();
    expect(await h.engine.pause(T, U, 'admin@contoso.com')).toBe(1);
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(lineEvent('onCall', 1));
    await h.engine.idle();
    expect(h.routing.calls).toHaveLength(0);
    expect(h.teams.calls).toHaveLength(0);
    expect(h.trace.entries.map((e) => e.outcome)).toEqual(['paused', 'paused']);
    expect(await h.engine.resume(T, U)).toBe(1);
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy']);
    expect(h.teams.calls).toEqual([expect.objectContaining({ kind: 'setTeamsSession' })]);
    expect(h.engine.snapshot(T).find((s) => s.userId === U)?.paused).toBeUndefined();
  });

  test('pausing a tenant pauses every user, including users mapped later', async () => {
    const h = setup();
    expect(await h.engine.pause(T, null, 'admin')).toBe(2);
    h.engine.setMapping(T, [
      { userId: U, extension: EXT },
      { userId: 'user-2', extension: '1002' },
      { userId: 'user-3', extension: '1003' },
    ]);
    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'user-3'));
    await h.engine.idle();
    expect(h.routing.calls).toHaveLength(0);
    expect(await h.engine.resume(T, null)).toBe(3);
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.userId)).toEqual(['user-3']);
  });

  test('a pause is confirmed only once the store has it: the tenant flag and every user in one write', async () => {
    const h = setup();
    h.engine.setMapping(T, [
      { userId: U, extension: EXT },
      { userId: 'user-2', extension: '1002' },
    ]);
    h.repository.holdPauses = true;
    let answered: number | undefined;
    const pausing = h.engine.pause(T, null, 'admin@contoso.com').then((n) => (answered = n));
    await flush();
    // In effect at once, but not answered while the store does not have it yet.
    expect(h.engine.snapshot(T).every((s) => s.paused?.by === 'admin@contoso.com')).toBe(true);
    expect(answered).toBeUndefined();
    h.repository.releasePauses();
    await pausing;
    expect(answered).toBe(2);
    expect(await h.repository.loadTenantPause(T)).toEqual({ by: 'admin@contoso.com', at: h.time.now() });
    expect((await h.repository.loadAll(T)).map((s) => s.paused?.by)).toEqual(['admin@contoso.com', 'admin@contoso.com']);
  });

  test("a user's pause is stored after a save still carrying the old state, never overwritten by it", async () => {
    /** A store whose saves take the state when called but land later (another connection, a busy pool). */
    class LaggingRepository extends MemoryRepository {
      held: (() => void)[] = [];
      override async save(state: UserSyncState): Promise<void> {
        const copy = JSON.parse(JSON.stringify(state)) as UserSyncState;
        await new Promise<void>((resolve) => this.held.push(resolve));
        this.rows.set(`${copy.tenantId}/${copy.userId}`, copy);
      }
      override async savePause(_tenantId: string, states: readonly UserSyncState[]): Promise<void> {
        for (const state of states) this.rows.set(`${state.tenantId}/${state.userId}`, JSON.parse(JSON.stringify(state)));
      }
    }
    const repository = new LaggingRepository();
    const h = harness(NO_DEBOUNCE, {}, repository);
    h.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    h.engine.submit(teamsEvent('Busy/Busy', '1', h.time.now()));
    for (let i = 0; i < 5 && repository.held.length === 0; i++) await flush();
    expect(repository.held).toHaveLength(1); // the save of the unpaused state is under way

    let answered = false;
    const pausing = h.engine.pause(T, U, 'helpdesk').then(() => (answered = true));
    await flush();
    expect(answered).toBe(false);
    for (const release of repository.held.splice(0)) release();
    await pausing;
    expect((await repository.loadAll(T))[0].paused?.by).toBe('helpdesk');
  });

  test('a restarted engine finds the tenant paused: users mapped later are paused too', async () => {
    const repository = new MemoryRepository();
    const first = harness(NO_DEBOUNCE, {}, repository);
    first.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    await first.engine.pause(T, null, 'admin');
    await first.engine.stop();

    const second = harness(NO_DEBOUNCE, {}, repository);
    await second.engine.load(T);
    second.engine.setMapping(T, [
      { userId: U, extension: EXT },
      { userId: 'user-2', extension: '1002' },
    ]);
    second.engine.submit(teamsEvent('Busy/Busy', '1', second.time.now(), 'user-2'));
    await second.engine.idle();
    expect(second.routing.calls).toHaveLength(0);
    expect(second.engine.snapshot(T).map((s) => s.paused?.by)).toEqual(['admin', 'admin']);
    expect(await second.engine.resume(T, null)).toBe(2);
    expect(await repository.loadTenantPause(T)).toBeUndefined();
  });

  test('a pause the store refuses is not confirmed: the caller gets PauseNotStoredError', async () => {
    const h = setup();
    h.repository.savePause = async () => {
      throw new Error('disk full');
    };
    await expect(h.engine.pause(T, U, 'admin')).rejects.toThrow(PauseNotStoredError);
  });

  test('one line report dated far in the future holds the extension back for the allowed clock skew only', async () => {
    const h = setup();
    const year2100 = Date.UTC(2100, 0, 1);
    expect(h.engine.submitLineReport(T, { extension: EXT, state: 'onCall', at: year2100 })).toBe('decided');
    await h.engine.idle();
    expect(h.engine.snapshot(T)[0].line?.at).toBe(h.time.now() + MAX_CLOCK_SKEW_MS);
    h.time.advance(MAX_CLOCK_SKEW_MS + 1_000);
    h.engine.submitLineReport(T, { extension: EXT, state: 'idle', at: h.time.now() });
    await h.engine.idle();
    expect(h.engine.snapshot(T)[0].line?.state).toBe('idle');
    expect(h.trace.entries.at(-1)?.outcome).not.toBe('stale');
  });

  test('after a restart, a Graph whose sequence numbers start again from 1 still reaches the PBX', async () => {
    const repository = new MemoryRepository();
    const first = harness(NO_DEBOUNCE, {}, repository);
    first.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    first.engine.submit(teamsEvent('Busy/Busy', '000402', first.time.now()));
    await first.engine.stop();
    expect(first.routing.calls.map((c) => c.state)).toEqual(['busy']);

    const second = harness(NO_DEBOUNCE, {}, repository);
    await second.engine.load(T);
    second.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    second.time.advance(1_000);
    second.engine.submit(teamsEvent('DoNotDisturb/DoNotDisturb', '000001', second.time.now()));
    second.time.advance(1_000);
    second.engine.submit(teamsEvent('Available/Available', '000002', second.time.now()));
    await second.engine.idle();
    expect(second.routing.calls.map((c) => c.state)).toEqual(['dnd', 'available']);
  });

  test('a restarted engine continues from the repository: knows what it wrote and recognises echoes', async () => {
    const repository = new MemoryRepository();
    const first = harness(NO_DEBOUNCE, {}, repository);
    first.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    first.engine.submit(teamsEvent('Available/Available', '1'));
    first.engine.submit(lineEvent('onCall', 1));
    await first.engine.stop();

    const second = harness(NO_DEBOUNCE, {}, repository);
    expect(await second.engine.load(T)).toBe(1);
    second.engine.setMapping(T, [{ userId: U, extension: EXT }]);
    second.engine.submit(teamsEvent('Busy/InACall', '2')); // our own session showing
    second.engine.submit(lineEvent('onCall', 1)); // duplicate of what the first engine saw
    second.engine.submit(lineEvent('held', 2));
    await second.engine.idle();
    expect(second.routing.calls).toHaveLength(0);
    expect(second.teams.calls).toHaveLength(0);
    expect(second.engine.snapshot(T)[0].teamsSent?.presence).toEqual(p('Busy/InACall'));
    expect(second.trace.entries.map((e) => e.outcome)).toEqual(['echo', 'unchanged']); // the duplicate is counted, not traced
    expect(second.engine.stats().outcomes.stale).toBe(1);
  });

  test('load before the mapping keeps the loaded users; a later mapping drops the unmapped', async () => {
    const repository = new MemoryRepository();
    await repository.save({ tenantId: T, userId: 'gone', extension: '9' });
    await repository.save({ tenantId: T, userId: U, extension: EXT, routingSent: { state: 'busy', at: 1 } });
    const h = harness(NO_DEBOUNCE, {}, repository);
    expect(await h.engine.load(T)).toBe(2);
    expect(h.engine.setMapping(T, [{ userId: U, extension: '1009' }])).toEqual({ added: 0, removed: 1, changed: 1 });
    const [state] = h.engine.snapshot(T);
    expect(state.extension).toBe('1009');
    expect(state.routingSent).toBeUndefined(); // said nothing about the new extension
    expect(h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'gone'))).toBe('unknownUser');
  });

  test('a failed write is traced and retried by the next event', async () => {
    const h = setup();
    h.routing.fail = true;
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    await h.engine.idle();
    expect(h.trace.entries[0].result).toBe('setRouting busy (1001): PBX refused (503)');
    expect(h.engine.snapshot(T).find((s) => s.userId === U)?.routingSent).toBeUndefined();
    h.routing.fail = false;
    h.engine.submit(teamsEvent('Busy/InAMeeting', '2'));
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'busy']);
    expect(h.engine.stats().writes).toMatchObject({ ok: 1, failed: 1 });
  });

  test('a writer that throws is a failed write, not a crash', async () => {
    const h = setup();
    h.teams.fail = true;
    h.engine.submit(lineEvent('onCall', 1));
    await h.engine.idle();
    expect(h.trace.entries[0].result).toBe('setTeamsSession Busy/InACall: failed: Graph 503');
    expect(h.engine.stats().lastError).toContain('Graph 503');
  });

  test('onOutcome reports event-to-write latency per direction', async () => {
    const h = setup();
    const at = h.time.now() - 1500;
    h.engine.submit(lineEvent('onCall', 1, at));
    await h.engine.idle();
    expect(h.outcomes).toEqual([expect.objectContaining({ direction: 'pbxToTeams', ok: true, eventAt: at, latencyMs: 1500 })]);
  });

  test('connector reports are tied to the user by extension; two states in one millisecond both count', async () => {
    const h = setup();
    const at = h.time.now();
    expect(h.engine.submitLineReport(T, { extension: EXT, state: 'ringing', at })).toBe('decided');
    expect(h.engine.submitLineReport(T, { extension: EXT, state: 'onCall', at })).toBe('decided');
    expect(h.engine.submitLineReport(T, { extension: '7777', state: 'onCall', at })).toBe('unknownUser');
    await h.engine.idle();
    expect(h.engine.snapshot(T).find((s) => s.userId === U)?.line).toEqual({ state: 'onCall', version: `${at}.001`, at });
    expect(h.teams.calls).toHaveLength(1);
  });

  test('a policy change is applied to every user by reevaluate', async () => {
    const h = setup();
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    await h.engine.idle();
    h.setPolicy(policyOf({ preset: 'daktela', debounceMs: 0 }));
    expect(h.engine.reevaluate(T)).toBe(2); // both users are looked at; only user-1 had a Teams state to map
    await h.engine.idle();
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy', 'unavailable']);
  });

  test('states are saved after changes', async () => {
    const h = setup();
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    await h.engine.idle();
    expect(h.repository.rows.get(`${T}/${U}`)?.routingSent?.state).toBe('busy');
    expect(h.engine.stats().saves.ok).toBeGreaterThan(0);
  });

  test('stats count users and outcomes', async () => {
    const h = setup();
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, 'nobody'));
    await h.engine.idle();
    expect(h.engine.stats()).toMatchObject({ tenants: 1, users: 2, submitted: 2, unknownUser: 1, outcomes: { applied: 1 } });
  });

  test('after stop, events are refused and waiting debounced events are dropped', async () => {
    const h = setup(policyOf({ debounceMs: 1000 }));
    h.engine.submit(teamsEvent('Busy/Busy', '1'));
    expect(h.engine.submit(teamsEvent('Available/Available', '2'))).toBe('debounced');
    await h.engine.stop();
    h.time.advance(5000);
    expect(h.routing.calls.map((c) => c.state)).toEqual(['busy']);
    expect(h.engine.submit(teamsEvent('Busy/Busy', '2'))).toBe('stopped');
    await expect(h.engine.load(T)).rejects.toThrow(EngineStoppedError);
  });
});
