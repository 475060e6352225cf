/**
 * The sync engine: feeds events to decide(), keeps each user's state, and performs the actions through the
 * writers. Per user, writes run one after another in decision order; while they wait, the newest target per
 * slot (PBX routing, Teams session, preferred presence) replaces older ones. Work per event is O(1): maps
 * keyed by tenant and user, a FIFO of users with work per side (each side has its own write slots, so a
 * throttled Graph never delays PBX routing), no scans and no timers unless debounce is on (then one per user
 * whose Teams change was acted on within the debounce, see debouncer.ts).
 *
 * Decide, then do: the decision returns the next state and the actions as data; this file only applies them
 * to the user's record (queue-writes.ts) and lets the pools run them (write-pools.ts, write-runner.ts).
 */
import {
  decide,
  isDuplicate,
  judgeVersion,
  MAX_CLOCK_SKEW_MS,
  planReassert,
  reconcile,
  samePresence,
  type ReassertSides,
} from '../decision';
import { EngineStoppedError, PauseNotStoredError } from '../errors';
import type { LineStateEvent, PauseMark, SyncEvent, TeamsPresenceEvent, TraceEntry, UserSyncState } from '../types';
import { Debouncer } from './debouncer';
import { EngineCounters } from './engine-stats';
import { PacedReevaluation } from './paced-reevaluation';
import { queueWrites } from './queue-writes';
import type { LineReport, SubmitResult, SyncEngine, SyncEngineOptions } from './sync-engine';
import { TenantUsers } from './tenant-users';
import type { UserRecord } from './user-record';
import { WritePools, WRITE_SIDES } from './write-pools';
import { WriteRunner } from './write-runner';

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { clock, scheduler, repository, trace } = options;
  const counters = new EngineCounters();
  const users = new TenantUsers(trace);
  const runner = new WriteRunner({
    clock,
    routing: options.routing,
    teams: options.teams,
    repository,
    counters,
    onOutcome: options.onOutcome,
    afterWrite: (tenantId) => paced.continue(tenantId),
  });
  const pools = new WritePools(Math.max(1, options.maxConcurrentWrites ?? 32), (rec, side) => runner.run(rec, side));
  const paced = new PacedReevaluation(
    options.maxPacedBacklog ?? 2_000,
    (tenantId) => pools.waitingOf('routing', tenantId) + pools.waitingOf('teams', tenantId),
    (rec, why) => {
      if (live(rec)) reconcileUser(rec, why);
    },
  );
  const debouncer = new Debouncer<UserRecord, TeamsPresenceEvent>(clock, scheduler, (rec, event) => {
    if (live(rec)) decideAndQueue(rec, event);
  });
  let stopped = false;

  /** Work that waited (a debounce, a paced re-evaluation) is done only for a user still mapped, on a running engine. */
  function live(rec: UserRecord): boolean {
    return !stopped && users.isCurrent(rec);
  }

  // ---- applying decisions: the state is taken at once, the writes wait for a slot of their side ----

  function apply(rec: UserRecord, next: UserSyncState, entries: readonly TraceEntry[], eventAt: number): void {
    const changed = next !== rec.state;
    rec.state = next;
    queueWrites(rec, entries, eventAt, counters.writes);
    if (changed) rec.saveDue = true;
    pools.schedule(rec);
  }

  /** Returns whether the decision asked for a write. */
  function decideAndQueue(rec: UserRecord, event: SyncEvent): boolean {
    const decision = decide(rec.state, event, options.policyFor(rec.tenantId), clock.now());
    const entries = decision.followUp ? [decision.trace, decision.followUp] : [decision.trace];
    counters.decided(entries);
    const quiet = !options.traceDuplicates && decision.trace.outcome === 'stale' && isDuplicate(rec.state, event);
    apply(rec, decision.next, quiet ? [] : entries, event.at);
    return decision.actions.length > 0;
  }

  function reconcileUser(rec: UserRecord, why: string): void {
    const r = reconcile(rec.state, options.policyFor(rec.tenantId), clock.now(), why);
    counters.decided(r.traces);
    apply(rec, r.next, r.traces, clock.now());
  }

  function reassertUser(rec: UserRecord, sides: ReassertSides): void {
    const r = planReassert(rec.state, options.policyFor(rec.tenantId), clock.now(), sides);
    counters.decided(r.traces);
    if (r.actions.length > 0) apply(rec, rec.state, r.traces, clock.now());
  }

  // ---- events in ----

  function submit(event: SyncEvent): SubmitResult {
    if (stopped) return 'stopped';
    counters.submitted++;
    const rec = users.user(event.tenantId, event.userId);
    if (!rec) {
      counters.unknownUser++;
      return 'unknownUser';
    }
    if (event.kind === 'teamsPresence') {
      const { debounceMs } = options.policyFor(event.tenantId);
      if (debounceMs > 0) {
        if (holdBack(rec, event, debounceMs)) return 'debounced';
        // The first change after a quiet period goes at once; one that wrote something opens the window.
        if (decideAndQueue(rec, event)) debouncer.open(rec, debounceMs);
        return 'decided';
      }
    } else {
      // A line event is decided with the newest Teams knowledge: a Teams event still waiting out its
      // debounce arrived first, so it is decided first (events of a user are never reordered).
      const waiting = debouncer.take(rec);
      if (waiting) decideAndQueue(rec, waiting);
    }
    decideAndQueue(rec, event);
    return 'decided';
  }

  /**
   * While a user's debounce window is open (a change was acted on less than `debounceMs` ago, or changes go on),
   * a Teams event is held; the newest wins when events arrive out of order (by the same rules as decide: a poll
   * is the present). A read that repeats what is known does not count as a change: it does not delay the rest.
   */
  function holdBack(rec: UserRecord, event: TeamsPresenceEvent, debounceMs: number): boolean {
    if (!debouncer.isOpen(rec)) return false;
    const held = debouncer.peek(rec);
    const latest = held ?? rec.state.teams;
    const isChange = !samePresence(event.presence, latest?.presence);
    const verdict = held
      ? judgeVersion({ version: event.version, kind: 'teams', present: event.source === 'poll', sameContent: !isChange }, held, clock.now())
      : 'newer';
    if (verdict === 'newer' || verdict === 'reset') debouncer.hold(rec, event, debounceMs, isChange);
    return true;
  }

  function submitLineReport(tenantId: string, report: LineReport): SubmitResult {
    if (stopped) return 'stopped';
    const rec = users.byExtension(tenantId, report.extension);
    if (!rec) {
      counters.submitted++;
      counters.unknownUser++;
      return 'unknownUser';
    }
    // A PBX clock ahead of ours is not believed past the allowed skew: its time is the version.
    const at = Math.min(report.at, clock.now() + MAX_CLOCK_SKEW_MS);
    // Two different states in the same millisecond must not look like a duplicate: add a sub-version.
    let version = String(at);
    const last = rec.state.line;
    if (last && last.at === at && last.state !== report.state) {
      const [, sub] = last.version.split('.');
      version = `${at}.${String(Number(sub ?? 0) + 1).padStart(3, '0')}`;
    }
    const event: LineStateEvent = {
      kind: 'lineState',
      tenantId,
      userId: rec.userId,
      extension: report.extension,
      state: report.state,
      version,
      at,
    };
    return submit(event);
  }

  // ---- admin operations ----

  /**
   * Store a pause or resume before it is confirmed. A failure leaves the change in effect and a save due, and
   * is thrown for the caller to report (not confirmed).
   */
  async function storePause(
    tenantId: string,
    recs: readonly UserRecord[],
    tenantPause: PauseMark | null | undefined,
    what: string,
  ): Promise<void> {
    try {
      await runner.storePause(tenantId, recs, tenantPause);
    } catch (e) {
      for (const rec of recs) {
        rec.saveDue = true;
        pools.schedule(rec);
      }
      throw new PauseNotStoredError(what, e);
    }
  }

  /** One user at once; a whole tenant in turn, so its writes never all wait at the same time. */
  function reevaluateInTurn(tenantId: string, userId: string | null | undefined, recs: UserRecord[], why: string): void {
    if (userId === null || userId === undefined) paced.start(tenantId, recs, why);
    else for (const rec of recs) reconcileUser(rec, why);
  }

  return {
    async load(tenantId) {
      if (stopped) throw new EngineStoppedError('load states');
      const [states, tenantPause] = await Promise.all([repository.loadAll(tenantId), repository.loadTenantPause(tenantId)]);
      return users.restore(tenantId, states, tenantPause);
    },

    release(tenantId) {
      const recs = users.release(tenantId);
      paced.forget(tenantId);
      for (const rec of recs) {
        debouncer.cancel(rec);
        rec.dropWaiting();
        pools.schedule(rec);
      }
      return recs.length;
    },

    setMapping(tenantId, entries) {
      if (stopped) throw new EngineStoppedError('change the mapping');
      const { change, remapped, removed } = users.setMapping(tenantId, entries);
      for (const rec of removed) debouncer.cancel(rec);
      for (const rec of remapped) pools.schedule(rec);
      return change;
    },

    submit,
    submitLineReport,

    async pause(tenantId, userId, by) {
      const mark: PauseMark = { by, at: clock.now() };
      if (userId === null) users.setTenantPause(tenantId, mark);
      const recs = users.records(tenantId, userId);
      for (const rec of recs) rec.state = { ...rec.state, paused: mark };
      await storePause(
        tenantId,
        recs,
        userId === null ? mark : undefined,
        userId === null ? 'the pause of the tenant' : 'the pause of the user',
      );
      return recs.length;
    },

    async resume(tenantId, userId) {
      if (userId === null) users.setTenantPause(tenantId, undefined);
      const recs = users.records(tenantId, userId).filter((r) => r.state.paused);
      for (const rec of recs) {
        const { paused: _paused, ...rest } = rec.state;
        rec.state = rest;
      }
      await storePause(
        tenantId,
        recs,
        userId === null ? null : undefined,
        userId === null ? 'the resume of the tenant' : 'the resume of the user',
      );
      reevaluateInTurn(tenantId, userId, recs, 'resumed');
      return recs.length;
    },

    reevaluate(tenantId, userId) {
      const recs = users.records(tenantId, userId);
      reevaluateInTurn(tenantId, userId, recs, 'policy re-evaluation');
      return recs.length;
    },

    reassert(tenantId, sides) {
      const recs = users.records(tenantId, null);
      paced.start(tenantId, recs, 'restart', (rec) => {
        if (live(rec)) reassertUser(rec, sides);
      });
      return recs.length;
    },

    snapshot(tenantId) {
      return users.records(tenantId, null).map((r) => ({ ...r.state }));
    },

    routingBacklog(tenantId) {
      return pools.waitingOf('routing', tenantId);
    },

    stats() {
      return counters.stats({
        tenants: users.tenantCount,
        users: users.userCount,
        debouncing: debouncer.size,
        queuedUsers: WRITE_SIDES.reduce((n, side) => n + pools.counts(side).waiting, 0),
        inFlight: WRITE_SIDES.reduce((n, side) => n + pools.counts(side).running, 0),
        bySide: { routing: pools.counts('routing'), teams: pools.counts('teams'), saves: pools.counts('save') },
      });
    },

    idle: () => pools.idle(),

    async stop() {
      stopped = true;
      debouncer.cancelAll();
      paced.clear();
      await pools.idle();
    },
  };
}
