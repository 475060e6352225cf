/**
 * The sync engine: feeds events to decide(), keeps each user's state, and performs the actions through the
 * writers. Per user, writes run one after another in decision order; while they wait, the newest target per
 * slot (PBX routing, Teams session, preferred presence) replaces older ones. Work per event is O(1): maps
 * keyed by tenant and user, a FIFO of users with work per side (each side has its own write slots, so a
 * throttled Graph never delays PBX routing), no scans and no timers unless debounce is on.
 */
import { decide, isDuplicate, type CoreDecision } from '../decision/decide';
import { Debouncer } from './debouncer';
import { emptyOutcomes, type EngineStats } from './engine-stats';
import { EngineStoppedError, PauseNotStoredError } from '../errors';
import type { SyncPolicy } from '../decision/policy';
import type { Clock, RoutingWriter, Scheduler, SyncStateRepository, TeamsWriter, TraceSink, WriteOutcome } from '../ports';
import { reconcile } from '../decision/reconcile';
import { planReassert, type ReassertSides } from '../decision/reassert';
import type { Direction, LineStateEvent, PauseMark, SyncAction, SyncEvent, TeamsPresenceEvent, TraceEntry, UserSyncState } from '../types';
import { PacedReevaluation } from './paced-reevaluation';
import { UserRecord, type PendingWrite, type WriteSide } from './user-record';
import { WritePools, WRITE_SIDES } from './write-pools';
import type { LineState } from '../states';
import { judgeVersion, MAX_CLOCK_SKEW_MS } from '../decision/versions';
import { samePresence } from '../decision/presence';

export interface WriteOutcomeInfo {
  tenantId: string;
  userId: string;
  direction: Direction;
  action: SyncAction;
  ok: boolean;
  detail: string;
  /** When the event that led to the write happened, and when the write was done. */
  eventAt: number;
  doneAt: number;
  latencyMs: number;
}

export interface SyncEngineOptions {
  clock: Clock;
  scheduler: Scheduler;
  /** The tenant's current policy; called per decision, so keep it a cheap look-up (cache parsed policies). */
  policyFor(tenantId: string): SyncPolicy;
  repository: SyncStateRepository;
  routing: RoutingWriter;
  teams: TeamsWriter;
  trace: TraceSink;
  onOutcome?(info: WriteOutcomeInfo): void;
  /**
   * Writes running at once per side, over all users: PBX routing writes, Teams writes and state saves each
   * have this many slots, so a throttled side never takes the other's. Default 32.
   */
  maxConcurrentWrites?: number;
  /** Record exact duplicate events (same version, e.g. an unchanged poll) in the trace. Default false: counted only. */
  traceDuplicates?: boolean;
  /** A whole-tenant re-evaluation or resume goes on while at most this many of the tenant's users wait for a write. Default 2,000. */
  maxPacedBacklog?: number;
}

export type SubmitResult = 'decided' | 'debounced' | 'unknownUser' | 'stopped';

export interface MappingChange {
  added: number;
  removed: number;
  changed: number;
}

/** A line report from a connector, before it is tied to a user (same shape as pbx/connector's LineStateReport). */
export interface LineReport {
  extension: string;
  state: LineState;
  at: number;
}

export interface SyncEngine {
  /** Restore persisted states of a tenant. Users not in a mapping set earlier are skipped. Returns how many. */
  load(tenantId: string): Promise<number>;
  /** The tenant's users and their extensions; replaces the previous list. */
  setMapping(tenantId: string, entries: readonly { userId: string; extension: string }[]): MappingChange;
  submit(event: SyncEvent): SubmitResult;
  /** A connector's report, tied to the mapped user by extension; versions by its time stamp. */
  submitLineReport(tenantId: string, report: LineReport): SubmitResult;
  /**
   * Pause one user, or the whole tenant (userId null). Takes effect at once; resolves with how many users are
   * affected once the store has it (the tenant-wide flag and the users' states in one transaction).
   */
  pause(tenantId: string, userId: string | null, by: string): Promise<number>;
  /**
   * Resume and bring the user(s) in line with the rules from what was seen while paused (a whole tenant in
   * turn, see paced-reevaluation.ts). Resolves with how many users were paused, once the store has it.
   */
  resume(tenantId: string, userId: string | null): Promise<number>;
  /** Re-evaluate users with the current policy (after a policy change; a whole tenant in turn). Returns how many users. */
  reevaluate(tenantId: string, userId?: string): number;
  /**
   * After a restart: write again, in turn through the usual write queues, what the stored states say we had
   * written and what lapses without a running service (see reassert.ts). Returns how many users are looked at.
   */
  reassert(tenantId: string, sides: ReassertSides): number;
  snapshot(tenantId: string): UserSyncState[];
  /** Users of the tenant waiting for a PBX routing write (not yet handed to the connector). */
  routingBacklog(tenantId: string): number;
  stats(): EngineStats;
  /** Resolves when no write or save is queued or running. Debounced events waiting for their timer do not count. */
  idle(): Promise<void>;
  /** Drop waiting debounced events, refuse new events, and let queued writes finish. */
  stop(): Promise<void>;
}

interface TenantUsers {
  users: Map<string, UserRecord>;
  byExtension: Map<string, UserRecord>;
  mapped: boolean;
  paused?: PauseMark;
}

function directionOf(action: SyncAction): Direction {
  return action.kind === 'setRouting' ? 'teamsToPbx' : 'pbxToTeams';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { clock, scheduler, repository, trace } = options;
  const maxConcurrent = Math.max(1, options.maxConcurrentWrites ?? 32);
  const tenants = new Map<string, TenantUsers>();
  const pools = new WritePools(maxConcurrent, runOne);
  /** Saves under way (at most one save slot's worth): a pause waits for those of its users. */
  const runningSaves = new Map<UserRecord, Promise<void>>();
  let stopped = false;
  let userCount = 0;
  const counters = {
    submitted: 0,
    unknownUser: 0,
    outcomes: emptyOutcomes(),
    writes: { ok: 0, failed: 0, superseded: 0, skipped: 0 },
    saves: { ok: 0, failed: 0 },
    lastError: undefined as string | undefined,
  };
  const paced = new PacedReevaluation(
    options.maxPacedBacklog ?? 2_000,
    (tenantId) => pools.waitingOf('routing', tenantId) + pools.waitingOf('teams', tenantId),
    (rec, why) => {
      if (!stopped && isCurrent(rec)) reconcileUser(rec, why);
    },
  );
  const debouncer = new Debouncer<UserRecord, TeamsPresenceEvent>(clock, scheduler, (rec, event) => {
    if (!stopped && isCurrent(rec)) decideAndQueue(rec, event);
  });

  function tenant(tenantId: string): TenantUsers {
    let t = tenants.get(tenantId);
    if (!t) {
      t = { users: new Map(), byExtension: new Map(), mapped: false };
      tenants.set(tenantId, t);
    }
    return t;
  }

  function isCurrent(rec: UserRecord): boolean {
    return tenants.get(rec.tenantId)?.users.get(rec.userId) === rec;
  }

  function addUser(t: TenantUsers, state: UserSyncState): UserRecord {
    const rec = new UserRecord(state, trace);
    t.users.set(state.userId, rec);
    t.byExtension.set(state.extension, rec);
    userCount++;
    return rec;
  }

  function removeUser(t: TenantUsers, rec: UserRecord): void {
    t.users.delete(rec.userId);
    if (t.byExtension.get(rec.state.extension) === rec) t.byExtension.delete(rec.state.extension);
    debouncer.cancel(rec);
    userCount--;
  }

  // ---- the write loop: one pool of slots per side (write-pools.ts) ----

  async function runOne(rec: UserRecord, side: WriteSide): Promise<void> {
    if (side !== 'save') {
      const write = rec.next();
      if (write) await perform(rec, write);
      paced.continue(rec.tenantId);
      return;
    }
    rec.saveDue = false;
    const saving = repository.save(rec.state);
    runningSaves.set(rec, saving);
    try {
      await saving;
      counters.saves.ok++;
    } catch (e) {
      counters.saves.failed++;
      counters.lastError = `saving the sync state of ${rec.tenantId}/${rec.userId} failed: ${errorText(e)}`;
    } finally {
      if (runningSaves.get(rec) === saving) runningSaves.delete(rec);
    }
  }

  /**
   * Store a pause or resume before it is confirmed. Saves already running carry the state from before it: they
   * end first, so none of them can land after it. A failure leaves the change in effect and a save due, and
   * is thrown for the caller to report (not confirmed).
   */
  async function storePause(tenantId: string, recs: readonly UserRecord[], tenantPause: PauseMark | null | undefined, what: string): Promise<void> {
    await Promise.allSettled(recs.flatMap((r) => runningSaves.get(r) ?? []));
    try {
      await repository.savePause(tenantId, recs.map((r) => r.state), tenantPause);
    } catch (e) {
      for (const rec of recs) {
        rec.saveDue = true;
        pools.schedule(rec);
      }
      throw new PauseNotStoredError(what, e);
    }
  }

  async function perform(rec: UserRecord, write: PendingWrite): Promise<void> {
    const { action } = write;
    let outcome: WriteOutcome;
    try {
      outcome = action.kind === 'setRouting' ? await options.routing.setRouting(action) : await options.teams.apply(action);
    } catch (e) {
      outcome = { ok: false, detail: `failed: ${errorText(e)}` };
    }
    rec.settle(write, outcome.ok);
    rec.saveDue = true;
    if (outcome.ok) counters.writes.ok++;
    else {
      counters.writes.failed++;
      counters.lastError = `${action.kind} for ${rec.tenantId}/${rec.userId}: ${outcome.detail}`;
    }
    write.run.settle(action, outcome.detail);
    rec.releaseTraces();
    if (options.onOutcome) {
      const doneAt = clock.now();
      options.onOutcome({
        tenantId: rec.tenantId,
        userId: rec.userId,
        direction: directionOf(action),
        action,
        ok: outcome.ok,
        detail: outcome.detail,
        eventAt: write.run.eventAt,
        doneAt,
        latencyMs: doneAt - write.run.eventAt,
      });
    }
  }

  // ---- decisions ----

  function queueTrace(rec: UserRecord, entry: TraceEntry, eventAt: number): void {
    const run = rec.traces.start(entry, eventAt);
    for (const action of entry.actions) {
      const { replaced, needed } = rec.queue({ action, run });
      if (replaced) {
        counters.writes.superseded++;
        replaced.run.settle(replaced.action, 'superseded: a newer decision replaced this write before it ran');
      }
      if (!needed) {
        counters.writes.skipped++;
        run.settle(action, 'skipped: the other side already has this (the waiting write was cancelled)');
      }
    }
    rec.releaseTraces();
  }

  function apply(rec: UserRecord, decision: Pick<CoreDecision, 'next'>, entries: TraceEntry[], eventAt: number): void {
    const changed = decision.next !== rec.state;
    rec.state = decision.next;
    for (const e of entries) queueTrace(rec, e, eventAt);
    if (changed) rec.saveDue = true;
    pools.schedule(rec);
  }

  function decideAndQueue(rec: UserRecord, event: SyncEvent): void {
    const policy = options.policyFor(rec.tenantId);
    const decision = decide(rec.state, event, policy, clock.now());
    counters.outcomes[decision.trace.outcome]++;
    const quiet = !options.traceDuplicates && decision.trace.outcome === 'stale' && isDuplicate(rec.state, event);
    const entries = quiet ? [] : decision.followUp ? [decision.trace, decision.followUp] : [decision.trace];
    if (decision.followUp) counters.outcomes[decision.followUp.outcome]++;
    apply(rec, decision, entries, event.at);
  }

  function reconcileUser(rec: UserRecord, why: string): void {
    const r = reconcile(rec.state, options.policyFor(rec.tenantId), clock.now(), why);
    for (const t of r.traces) counters.outcomes[t.outcome]++;
    apply(rec, r, r.traces, clock.now());
  }

  function reassertUser(rec: UserRecord, sides: ReassertSides): void {
    const r = planReassert(rec.state, options.policyFor(rec.tenantId), clock.now(), sides);
    for (const t of r.traces) counters.outcomes[t.outcome]++;
    if (r.actions.length > 0) apply(rec, { next: rec.state }, r.traces, clock.now());
  }

  function recordsOf(tenantId: string, userId: string | null | undefined): UserRecord[] {
    const t = tenants.get(tenantId);
    if (!t) return [];
    if (userId === null || userId === undefined) return [...t.users.values()];
    const rec = t.users.get(userId);
    return rec ? [rec] : [];
  }

  function submit(event: SyncEvent): SubmitResult {
    if (stopped) return 'stopped';
    counters.submitted++;
    const rec = tenants.get(event.tenantId)?.users.get(event.userId);
    if (!rec) {
      counters.unknownUser++;
      return 'unknownUser';
    }
    if (event.kind === 'teamsPresence') {
      const { debounceMs } = options.policyFor(event.tenantId);
      if (debounceMs > 0) {
        const waiting = debouncer.peek(rec);
        // Keep the newest when events arrive out of order (by the same rules as decide: a poll is the present).
        const verdict = waiting
          ? judgeVersion({ version: event.version, kind: 'teams', present: event.source === 'poll', sameContent: samePresence(event.presence, waiting.presence) }, waiting, clock.now())
          : 'newer';
        if (verdict === 'newer' || verdict === 'reset') debouncer.offer(rec, event, debounceMs);
        return 'debounced';
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

  /** One user at once; a whole tenant in turn, so its writes never all wait at the same time. */
  function reevaluateInTurn(tenantId: string, userId: string | null | undefined, recs: UserRecord[], why: string): void {
    if (userId === null || userId === undefined) paced.start(tenantId, recs, why);
    else for (const rec of recs) reconcileUser(rec, why);
  }

  function idle(): Promise<void> {
    return pools.idle();
  }

  return {
    async load(tenantId) {
      if (stopped) throw new EngineStoppedError('load states');
      const [states, tenantPause] = await Promise.all([repository.loadAll(tenantId), repository.loadTenantPause(tenantId)]);
      const t = tenant(tenantId);
      t.paused = tenantPause;
      let restored = 0;
      for (const loaded of states) {
        if (loaded.tenantId !== tenantId) continue;
        const rec = t.users.get(loaded.userId);
        if (rec) {
          const sameExtension = rec.state.extension === loaded.extension;
          rec.reset(sameExtension ? loaded : { ...loaded, extension: rec.state.extension, line: undefined, routingSent: undefined });
          restored++;
        } else if (!t.mapped) {
          addUser(t, loaded);
          restored++;
        }
      }
      return restored;
    },

    setMapping(tenantId, entries) {
      if (stopped) throw new EngineStoppedError('change the mapping');
      const t = tenant(tenantId);
      t.mapped = true;
      const keep = new Set<string>();
      const change: MappingChange = { added: 0, removed: 0, changed: 0 };
      for (const { userId, extension } of entries) {
        keep.add(userId);
        const rec = t.users.get(userId);
        if (!rec) {
          const state: UserSyncState = { tenantId, userId, extension };
          if (t.paused) state.paused = t.paused;
          addUser(t, state);
          change.added++;
        } else if (rec.state.extension !== extension) {
          if (t.byExtension.get(rec.state.extension) === rec) t.byExtension.delete(rec.state.extension);
          // The old extension's line and routing say nothing about the new one.
          rec.reset({ ...rec.state, extension, line: undefined, routingSent: undefined });
          rec.saveDue = true;
          t.byExtension.set(extension, rec);
          pools.schedule(rec);
          change.changed++;
        }
      }
      for (const rec of [...t.users.values()]) {
        if (!keep.has(rec.userId)) {
          removeUser(t, rec);
          change.removed++;
        }
      }
      return change;
    },

    submit,

    submitLineReport(tenantId, report) {
      if (stopped) return 'stopped';
      const rec = tenants.get(tenantId)?.byExtension.get(report.extension);
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
      const event: LineStateEvent = { kind: 'lineState', tenantId, userId: rec.userId, extension: report.extension, state: report.state, version, at };
      return submit(event);
    },

    async pause(tenantId, userId, by) {
      const mark: PauseMark = { by, at: clock.now() };
      if (userId === null) tenant(tenantId).paused = mark;
      const recs = recordsOf(tenantId, userId);
      for (const rec of recs) rec.state = { ...rec.state, paused: mark };
      await storePause(tenantId, recs, userId === null ? mark : undefined, userId === null ? 'the pause of the tenant' : 'the pause of the user');
      return recs.length;
    },

    async resume(tenantId, userId) {
      if (userId === null) {
        const t = tenants.get(tenantId);
        if (t) t.paused = undefined;
      }
      const recs = recordsOf(tenantId, userId).filter((r) => r.state.paused);
      for (const rec of recs) {
        const { paused: _paused, ...rest } = rec.state;
        rec.state = rest;
      }
      await storePause(tenantId, recs, userId === null ? null : undefined, userId === null ? 'the resume of the tenant' : 'the resume of the user');
      reevaluateInTurn(tenantId, userId, recs, 'resumed');
      return recs.length;
    },

    reevaluate(tenantId, userId) {
      const recs = recordsOf(tenantId, userId);
      reevaluateInTurn(tenantId, userId, recs, 'policy re-evaluation');
      return recs.length;
    },

    reassert(tenantId, sides) {
      const recs = recordsOf(tenantId, null);
      paced.start(tenantId, recs, 'restart', (rec) => {
        if (!stopped && isCurrent(rec)) reassertUser(rec, sides);
      });
      return recs.length;
    },

    snapshot(tenantId) {
      return recordsOf(tenantId, null).map((r) => ({ ...r.state }));
    },

    routingBacklog(tenantId) {
      return pools.waitingOf('routing', tenantId);
    },

    stats() {
      return {
        tenants: tenants.size,
        users: userCount,
        submitted: counters.submitted,
        unknownUser: counters.unknownUser,
        debouncing: debouncer.size,
        outcomes: { ...counters.outcomes },
        writes: { ...counters.writes },
        saves: { ...counters.saves },
        queuedUsers: WRITE_SIDES.reduce((n, side) => n + pools.counts(side).waiting, 0),
        inFlight: WRITE_SIDES.reduce((n, side) => n + pools.counts(side).running, 0),
        bySide: { routing: pools.counts('routing'), teams: pools.counts('teams'), saves: pools.counts('save') },
        ...(counters.lastError ? { lastError: counters.lastError } : {}),
      };
    },

    idle,

    async stop() {
      stopped = true;
      debouncer.cancelAll();
      paced.clear();
      await idle();
    },
  };
}
