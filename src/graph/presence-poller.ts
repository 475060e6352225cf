/**
 * Reads every mapped user's Teams presence with getPresencesByUserId, in chunks of at most 650 ids, at the
 * pace the tenant's budget share allows, and reports changes only (source 'poll'). Polling always runs,
 * push or not: Graph gives no signal when a notification is lost, so this sweep is what reconciles.
 *
 * Requests are spread evenly (one every window / allowed), retries included, through a pacer of its own
 * that every attempt passes right before it is sent: a sweep never bunches its requests at the start of
 * its period, so no sliding window ever holds more than the share.
 *
 * Reading also waits for the writes it causes: while more users than `maxBacklog` wait for a PBX write
 * (the first sweep after start-up gives every mapped user one), the next chunk is read later. Presence read
 * now but written a minute later only holds memory (~1.5 KB per waiting user: ~140 MB at 100,000 users), and
 * the later read is fresher. The wait is bounded, so a PBX that stops taking writes never stops the reading.
 */
import type { Clock, Scheduler, TimerHandle } from '../time/clock';
import type { TeamsPresenceEvent } from '../sync/types';
import { EntraAuthError, EntraUnreachableError, GraphPermissionError, GraphRequestError, GraphUnavailableError } from './errors';
import type { GraphCall } from './graph-client';
import { presenceCollectionSchema, type WirePresence } from './presence-wire';
import { PresenceChanges } from './presence-changes';
import {
  chunk,
  MAX_IDS_PER_PRESENCE_REQUEST,
  pollRequestsPerWindow,
  pollSpacingMs,
  sweepPeriodMs,
  type PollPaceInput,
} from './sweep-period';
import { ThrottleBudget } from './throttle-budget';
import type { Sleep } from '../time/real-time';
import { backoffDelayMs, type BackoffTiming } from '../backoff';
import { isRegistrationFailure, type AppRegistrationPool, type PoolMember } from './app-registration-pool';

/**
 * The share is counted in a window this much wider than Graph's: a request is paced when it leaves and
 * counted when it arrives, and uneven delays could otherwise put one too many into Graph's window. It
 * lengthens the period by 1 %.
 */
export const POLL_SAFETY_MARGIN_MS = 300;

/** The part of TenantGraphClient the poller uses. */
export interface GraphPoster {
  post(path: string, body: unknown, call?: GraphCall): Promise<unknown>;
}

export interface PresencePollerOptions {
  tenantId: string;
  client: GraphPoster & { budget: { limit: number; windowMs: number } };
  /** The Entra object ids to poll (the mapped users); asked again before every sweep. */
  userIds: () => readonly string[];
  onEvent: (event: TeamsPresenceEvent) => void;
  /** A sweep-level problem (a chunk that failed, or a permission/consent problem that stopped the sweep). */
  onError?: (error: Error) => void;
  clock: Clock;
  scheduler: Scheduler;
  /** How the pacer waits (default: the scheduler's timers). */
  sleep?: Sleep;
  /** Share of the tenant budget polling may use (default 0.5). */
  share?: number;
  /** Never sweep more often than this (default 1 s). */
  minPeriodMs?: number;
  chunkSize?: number;
  /**
   * Chunks in flight at once (default 4). The pacer sets the rate; this only has to cover Graph's answer
   * time (4 x 40 ms spacing at 100,000 users = 160 ms).
   */
  concurrency?: number;
  /** Users of this tenant waiting for a PBX write (the engine's routing backlog). Default: not watched. */
  backlog?: () => number;
  /** Read the next chunk only while the backlog is at most this (default 2,000: ~3 s of writes at start-up). */
  maxBacklog?: number;
  /** Wait at most this long for the backlog to go down, then read anyway (default 30 s). */
  maxBacklogWaitMs?: number;
  /**
   * After a sweep stopped by a missing permission or a refused sign-in, the next one waits this long,
   * doubling while the refusal lasts (default 5 s up to 5 min): nothing changes until an admin acts.
   */
  accessBackoff?: BackoffTiming;
  /**
   * The tenant's app registrations (issue 12.1). With more than one, each chunk goes through the usable one
   * that may send soonest, each within its own share of its own budget; a chunk whose registration fails goes
   * back in the queue for another one in the same sweep. With one (or none given), polling is `client` alone.
   */
  pool?: AppRegistrationPool;
}

export const DEFAULT_ACCESS_BACKOFF: Readonly<BackoffTiming> = Object.freeze({
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  jitter: 'none',
});

/** How often a read held back by the backlog looks at it again. */
export const BACKLOG_CHECK_MS = 100;

export interface SweepResult {
  users: number;
  requests: number;
  changes: number;
  failedChunks: number;
  durationMs: number;
}

export interface PresencePollerStats {
  tenantId: string;
  running: boolean;
  sweepPeriodMs: number;
  sweeps: number;
  lastSweepAt?: number;
  lastSweepDurationMs?: number;
  usersPolled: number;
  /** Requests the last sweep used (splits of a refused chunk included). */
  requestsUsed: number;
  changesReported: number;
  lastError?: { at: number; message: string };
  /** Start of the last sweep in which no chunk failed. */
  lastGoodSweepAt?: number;
  /** Since when every sweep has had failures (unset while sweeps go through). */
  failingSince?: number;
  /** Sweeps in a row stopped by a missing permission or a refused sign-in. */
  refusedSweeps: number;
  /** When the next scheduled sweep runs, while backing off after refusals. */
  nextTryAt?: number;
  /** With a pool: users each registration read in the last sweep, by registration id. */
  usersByRegistration?: Record<string, number>;
}

export class PresencePoller {
  private readonly lastRead = new PresenceChanges();
  private readonly chunkSize: number;
  private timer?: TimerHandle;
  private running = false;
  private current?: Promise<SweepResult>;
  private readonly s: PresencePollerStats;
  private readonly pace: PollPaceInput;
  private readonly pacer: ThrottleBudget;
  private readonly beforeSend: () => Promise<void>;
  private readonly sleep: Sleep;
  private stopped = false;
  /** Until a request has gone through, the first chunk of a sweep goes alone (see sweep()). */
  private accessProven = false;
  /** With a pool: each registration's own pacer (its share of its own budget). */
  private readonly pacers = new Map<string, ThrottleBudget>();
  /** With a pool: chunks each registration is reading now. */
  private readonly chunksInFlight = new Map<string, number>();

  constructor(private readonly o: PresencePollerOptions) {
    this.chunkSize = Math.min(o.chunkSize ?? MAX_IDS_PER_PRESENCE_REQUEST, MAX_IDS_PER_PRESENCE_REQUEST);
    const { limit, windowMs } = o.client.budget;
    this.pace = { budgetLimit: limit, windowMs, share: o.share ?? 0.5, safetyMarginMs: POLL_SAFETY_MARGIN_MS };
    const sleep: Sleep = o.sleep ?? ((ms) => new Promise<void>((resolve) => void o.scheduler.after(ms, resolve)));
    this.sleep = sleep;
    this.pacer = new ThrottleBudget({
      limit: pollRequestsPerWindow(this.pace),
      windowMs,
      safetyMarginMs: POLL_SAFETY_MARGIN_MS,
      spacingMs: pollSpacingMs(this.pace),
      clock: o.clock,
      sleep,
    });
    this.beforeSend = () => this.pacer.acquire();
    this.s = {
      tenantId: o.tenantId,
      running: false,
      sweepPeriodMs: this.periodFor(0),
      sweeps: 0,
      usersPolled: 0,
      requestsUsed: 0,
      changesReported: 0,
      refusedSweeps: 0,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = this.s.running = true;
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.running = this.s.running = false;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** While backing off after refusals, try again now (an admin just granted the permission or consent). */
  retryNow(): void {
    if (!this.running || this.s.refusedSweeps === 0 || this.current) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.schedule(0);
  }

  /** "Sync now": sweep at once (or join the sweep under way). */
  sweepNow(): Promise<SweepResult> {
    this.current ??= this.sweep().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  stats(): PresencePollerStats {
    return { ...this.s };
  }

  private periodFor(users: number): number {
    const pace = this.pooled() ? { ...this.pace, budgetLimit: this.pooledLimit() } : this.pace;
    return sweepPeriodMs({ ...pace, users, minPeriodMs: this.o.minPeriodMs ?? 1_000, chunkSize: this.chunkSize });
  }

  private pooled(): boolean {
    return (this.o.pool?.size ?? 1) > 1;
  }

  /** The budgets of the registrations that can take chunks now (at least the primary's, so a period exists). */
  private pooledLimit(): number {
    const usable = this.o.pool!.usable();
    return (usable.length > 0 ? usable : [this.o.pool!.primary]).reduce((sum, m) => sum + m.client.budget.limit, 0);
  }

  private pacerOf(member: PoolMember): ThrottleBudget {
    let pacer = this.pacers.get(member.id);
    if (!pacer) {
      const pace = { ...this.pace, budgetLimit: member.client.budget.limit, windowMs: member.client.budget.windowMs };
      pacer = new ThrottleBudget({
        limit: pollRequestsPerWindow(pace),
        windowMs: pace.windowMs,
        safetyMarginMs: POLL_SAFETY_MARGIN_MS,
        spacingMs: pollSpacingMs(pace),
        clock: this.o.clock,
        sleep: this.sleep,
      });
      this.pacers.set(member.id, pacer);
    }
    return pacer;
  }

  /** The usable registration that may send soonest (its own pacer and its client's budget, Retry-After included). */
  private pickMember(): PoolMember | undefined {
    let best: PoolMember | undefined;
    let bestScore = [Infinity, Infinity];
    for (const member of this.o.pool!.usable()) {
      // Ties (everyone may send now) go to the one with fewest chunks under way, so a light load spreads too.
      const score = [Math.max(this.pacerOf(member).readyIn(), member.client.budget.readyIn()), this.chunksInFlight.get(member.id) ?? 0];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) [best, bestScore] = [member, score];
    }
    return best;
  }

  /**
   * A sweep over several registrations: workers take chunks from one queue, each through the registration
   * that may send soonest, so chunks spread in proportion to the budgets. A registration that fails is set
   * aside (the pool retries it later) and its chunk goes back in the queue; only when none is left does the
   * sweep stop as a single registration's would.
   */
  private async pooledSweep(
    queue: string[][],
    tally: { requests: number; changes: number; failedChunks: number },
  ): Promise<Error | undefined> {
    const pool = this.o.pool!;
    const users: Record<string, number> = Object.fromEntries(pool.all().map((m) => [m.id, 0]));
    const tries = new Map<string[], number>();
    let fatal: Error | undefined;
    const worker = async () => {
      for (let next = queue.shift(); next && !fatal && !this.stopped; next = queue.shift()) {
        if (!(await this.roomForMore())) break;
        const member = this.pickMember();
        if (!member) {
          fatal = pool.health(pool.primary.id).problem ?? new Error('no app registration of the tenant can read presence now');
          tally.failedChunks += 1 + queue.length;
          queue.length = 0;
          break;
        }
        pool.beginProbe(member.id);
        const pacer = this.pacerOf(member);
        // The first slot is asked for now, so the next worker's choice already counts this one as waiting.
        let reserved: Promise<void> | undefined = pacer.acquire();
        const beforeSend = () => {
          const slot = reserved ?? pacer.acquire();
          reserved = undefined;
          return slot;
        };
        this.chunksInFlight.set(member.id, (this.chunksInFlight.get(member.id) ?? 0) + 1);
        try {
          pool.use(member.id).pollRequests++;
          await this.pollChunk(next, tally, member.client, beforeSend);
          pool.succeeded(member.id);
          users[member.id] += next.length;
        } catch (err) {
          const error = err as Error;
          const tried = (tries.get(next) ?? 0) + 1;
          tries.set(next, tried);
          if (isRegistrationFailure(error)) pool.failed(member.id, error);
          // Throttled or set aside: another registration takes the chunk, this sweep (a few tries at most).
          const moves = isRegistrationFailure(error) || (error instanceof GraphUnavailableError && error.retryAfterMs !== undefined);
          if (moves && tried <= pool.size) {
            queue.push(next);
            continue;
          }
          tally.failedChunks++;
          this.noteError(error);
        } finally {
          this.chunksInFlight.set(member.id, this.chunksInFlight.get(member.id)! - 1);
        }
      }
    };
    const concurrency = Math.max(1, this.o.concurrency ?? 4) * Math.max(1, pool.usable().length);
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    for (const [id, n] of Object.entries(users)) pool.use(id).usersPolled = n;
    this.s.usersByRegistration = users;
    if (fatal) this.noteError(fatal);
    return fatal;
  }

  /** A refusal lasts until an admin acts: asking every second would only fill the logs. */
  private refusalDelayMs(): number {
    const delay = Math.max(this.s.sweepPeriodMs, backoffDelayMs(this.s.refusedSweeps, this.o.accessBackoff ?? DEFAULT_ACCESS_BACKOFF));
    this.s.nextTryAt = this.o.clock.now() + delay;
    return delay;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = this.o.scheduler.after(delayMs, () => {
      this.timer = undefined;
      void this.sweepNow().then(
        (result) => this.schedule(this.s.refusedSweeps > 0 ? this.refusalDelayMs() : Math.max(0, this.s.sweepPeriodMs - result.durationMs)),
        () => this.schedule(this.s.sweepPeriodMs),
      );
    });
  }

  private async sweep(): Promise<SweepResult> {
    const started = this.o.clock.now();
    const ids = [...new Set(this.o.userIds())];
    this.s.sweepPeriodMs = this.periodFor(ids.length);
    const tally = { requests: 0, changes: 0, failedChunks: 0 };
    const queue = chunk(ids, this.chunkSize);
    let fatal: Error | undefined;

    const worker = async (single?: boolean) => {
      for (let next = queue.shift(); next && !fatal && !this.stopped; next = single ? undefined : queue.shift()) {
        try {
          if (!(await this.roomForMore())) break;
          await this.pollChunk(next, tally);
        } catch (err) {
          const error = err as Error;
          // No permission, no token: the other chunks would fail the same way.
          if (error instanceof GraphPermissionError || error instanceof EntraAuthError || error instanceof EntraUnreachableError) {
            fatal = error;
            this.accessProven = false;
          }
          tally.failedChunks++;
          this.noteError(error);
        }
      }
    };
    if (this.pooled()) {
      fatal = await this.pooledSweep(queue, tally);
    } else {
      // Until access is proven the first chunk goes alone: a missing permission or consent then costs one
      // request, not one per worker. Afterwards it would only add a round trip to every sweep's period.
      if (!this.accessProven) await worker(true);
      await Promise.all(Array.from({ length: Math.max(1, this.o.concurrency ?? 4) }, () => worker()));
    }
    this.lastRead.retainOnly(new Set(ids));

    const durationMs = this.o.clock.now() - started;
    Object.assign(this.s, {
      sweeps: this.s.sweeps + 1,
      lastSweepAt: started,
      lastSweepDurationMs: durationMs,
      usersPolled: ids.length,
      requestsUsed: tally.requests,
    });
    // A refusal waits for an admin (back off); an unreachable sign-in server may come back any second.
    this.s.refusedSweeps = fatal && !(fatal instanceof EntraUnreachableError) ? this.s.refusedSweeps + 1 : 0;
    this.s.nextTryAt = undefined;
    if (tally.failedChunks === 0) Object.assign(this.s, { lastGoodSweepAt: started, failingSince: undefined });
    this.s.changesReported += tally.changes;
    return { users: ids.length, ...tally, durationMs };
  }

  /** Waits while the backlog is too long (bounded); false when the poller was stopped meanwhile. */
  private async roomForMore(): Promise<boolean> {
    const { backlog } = this.o;
    if (backlog) {
      const max = this.o.maxBacklog ?? 2_000;
      const giveUpAt = this.o.clock.now() + (this.o.maxBacklogWaitMs ?? 30_000);
      while (!this.stopped && backlog() > max && this.o.clock.now() < giveUpAt) await this.sleep(BACKLOG_CHECK_MS);
    }
    return !this.stopped;
  }

  /** One chunk; a bare 400 (seen on long id lists) splits it in halves until the culprit is alone. */
  private async pollChunk(
    ids: string[],
    tally: { requests: number; changes: number; failedChunks: number },
    client: GraphPoster = this.o.client,
    beforeSend: () => Promise<void> = this.beforeSend,
  ): Promise<void> {
    tally.requests++;
    let answer: unknown;
    try {
      answer = await client.post(
        '/communications/getPresencesByUserId',
        { ids },
        { operation: `reading the presence of ${ids.length} users`, beforeSend },
      );
      this.accessProven = true;
    } catch (err) {
      if (err instanceof GraphRequestError && err.status === 400 && ids.length > 1) {
        const half = Math.ceil(ids.length / 2);
        await this.pollChunk(ids.slice(0, half), tally, client, beforeSend);
        await this.pollChunk(ids.slice(half), tally, client, beforeSend);
        return;
      }
      throw err;
    }
    const parsed = presenceCollectionSchema.safeParse(answer);
    if (!parsed.success)
      throw new GraphRequestError(
        this.o.tenantId,
        200,
        undefined,
        'reading presence',
        'the answer was not a presence collection',
        'report this: Graph changed its answer.',
      );
    const at = this.o.clock.now();
    for (const p of parsed.data.value) if (this.report(p, at)) tally.changes++;
  }

  private report(p: WirePresence, at: number): boolean {
    const presence = { availability: p.availability, activity: p.activity };
    const version = p.sequenceNumber ?? '';
    if (this.lastRead.accept(p.id, presence) !== 'changed') return false;
    this.o.onEvent({ kind: 'teamsPresence', tenantId: this.o.tenantId, userId: p.id, presence, version, at, source: 'poll' });
    return true;
  }

  private noteError(error: Error): void {
    this.s.lastError = { at: this.o.clock.now(), message: error.message };
    this.s.failingSince ??= this.s.lastError.at;
    this.o.onError?.(error);
  }
}
