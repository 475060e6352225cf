/**
 * TeamsWriter on Graph: our own presence session per user (sessionId = the app's client id), kept alive
 * while the state lasts, and, only under the explicit force policy, the user's preferred presence.
 *
 * Sessions are written with expirationDuration PT5M and renewed every 4 minutes. Renewal lives only in this
 * process: if it dies, nothing renews, and Graph drops the session within 5 minutes. That is deliberate: a
 * crashed bridge must never leave a user stuck "In a call".
 */
import type { Clock, Scheduler, TimerHandle } from '../time/clock';
import type { TeamsWriter, WriteOutcome } from '../sync/ports';
import { isSettablePresence, type TeamsPresence } from '../sync/states';
import type {
  ClearPreferredPresenceAction,
  ClearTeamsSessionAction,
  SetPreferredPresenceAction,
  SetTeamsSessionAction,
} from '../sync/types';
import { GraphRequestError, GraphUnavailableError } from './errors';
import { FairWriteQueue, type FairWriteQueueOptions } from './fair-write-queue';
import type { GraphPoster } from './presence-poller';
import { ThrottleBudget } from './throttle-budget';
import type { Sleep } from '../time/real-time';
import { isRegistrationFailure, type AppRegistrationPool, type PoolMember } from './app-registration-pool';
import { CodedError } from '../coded-error';

export type TeamsWriteAction = SetTeamsSessionAction | ClearTeamsSessionAction | SetPreferredPresenceAction | ClearPreferredPresenceAction;

export interface WriterTenant {
  /** `budget.readyIn`, when there, keeps writes queued (and coalescing) while the tenant may not send. */
  client: GraphPoster & { budget: { limit: number; windowMs: number; readyIn?: () => number } };
  /** The app's client id: Graph insists that it is the session id. */
  clientId: string;
  /**
   * The tenant's registrations (issue 12.1). With more than one, a write goes through a usable registration
   * with budget left; a user's session stays with the registration that wrote it (Graph keys sessions by
   * app, and a second app's session would not replace the first) until that registration fails.
   */
  pool?: AppRegistrationPool;
}

/** What one write is sent through: a registration's client and its client id (the session id). */
interface Sender {
  /** The key of the writer's own budget share: the tenant id for the primary, as before pools. */
  budgetKey: string;
  member?: PoolMember;
  client: WriterTenant['client'];
  clientId: string;
}

export interface PresenceWriterOptions {
  tenant: (tenantId: string) => WriterTenant | undefined;
  scheduler: Scheduler;
  clock: Clock;
  sleep: Sleep;
  /** Share of each tenant's budget writes may use (default 0.3). */
  share?: number;
  /** How often a session is written again while it lasts (default 4 min, inside the 5 min expiry). */
  renewEveryMs?: number;
  /** After a failed session write, try again this much later (default 30 s), unless Graph said when (Retry-After). */
  retryFailedAfterMs?: number;
  /** Writes in flight per tenant (default 64) and overall (default 128): concurrency only, the budget sets the rate. */
  queue?: Pick<FairWriteQueueOptions, 'maxInFlight' | 'maxInFlightPerTenant'>;
  /**
   * Replicas sharing PostgreSQL: this replica's lease token on the tenant, read right before each attempt goes
   * out; undefined (the lease may be gone) and the write is not sent. It travels as FENCING_TOKEN_HEADER, which
   * Graph ignores and the simulator checks.
   */
  fencingToken?(tenantId: string): number | undefined;
}

export const FENCING_TOKEN_HEADER = 'X-PresenceBridge-Fencing-Token';

/** Thrown at the wire when the lease is gone: the write is not sent. */
class LeaseGoneError extends CodedError {
  readonly code = 'leaseGone';
  constructor() {
    super("this replica no longer holds the tenant's lease", 'none: the replica running the tenant now writes its presence.');
  }
}

export const SESSION_EXPIRATION = 'PT5M';
const DEFAULT_RENEW_MS = 4 * 60_000;

/** Pairs setUserPreferredPresence accepts. */
const PREFERRED_PAIRS = new Set([
  'Available/Available',
  'Busy/Busy',
  'DoNotDisturb/DoNotDisturb',
  'BeRightBack/BeRightBack',
  'Away/Away',
  'Offline/OffWork',
]);

export function isSettablePreferredPresence(p: TeamsPresence): boolean {
  return PREFERRED_PAIRS.has(`${p.availability}/${p.activity}`);
}

/** A write's outcome, and the wait Graph asked for when it refused (Retry-After). */
type WriterOutcome = WriteOutcome & { retryAfterMs?: number };

const describe = (p: TeamsPresence) => `${p.availability}/${p.activity}`;
const key = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;

export interface PresenceWriterStats {
  activeSessions: number;
  queued: number;
  writes: number;
  failures: number;
  renewals: number;
}

export class PresenceWriter implements TeamsWriter {
  private readonly queue: FairWriteQueue;
  /** The session each user should have, and its renewal timer. */
  private readonly sessions = new Map<string, { presence: TeamsPresence; timer?: TimerHandle }>();
  private readonly budgets = new Map<string, ThrottleBudget>();
  /** With a pool: the registration that holds each user's session. */
  private readonly sessionOwner = new Map<string, string>();
  private readonly counters = { writes: 0, failures: 0, renewals: 0 };
  private stopped = false;

  constructor(private readonly o: PresenceWriterOptions) {
    this.queue = new FairWriteQueue({ ...o.queue, readyIn: (tenantId) => this.readyIn(tenantId), scheduler: o.scheduler });
  }

  apply(action: TeamsWriteAction): Promise<WriteOutcome> {
    if (this.stopped) return Promise.resolve({ ok: false, detail: 'skipped: the presence writer is stopped' });
    const tenant = this.o.tenant(action.tenantId);
    if (!tenant) return Promise.resolve({ ok: false, detail: `skipped: tenant ${action.tenantId} has no Graph connection` });
    switch (action.kind) {
      case 'setTeamsSession':
        return this.setSession(action.tenantId, action.userId, action.presence, false);
      case 'clearTeamsSession':
        return this.clearSession(action.tenantId, action.userId);
      case 'setPreferredPresence':
        return this.setPreferred(action);
      case 'clearPreferredPresence':
        return this.submit(
          action.tenantId,
          action.userId,
          'preferred',
          `/users/${enc(action.userId)}/presence/clearUserPreferredPresence`,
          {},
          'cleared the preferred presence',
        );
    }
  }

  /** Stops renewing and drops queued writes; sessions then expire on Graph's side, as after a crash. */
  stop(): void {
    this.stopped = true;
    for (const s of this.sessions.values()) s.timer?.cancel();
    this.sessions.clear();
    this.sessionOwner.clear();
    this.queue.close();
  }

  /** Resolves when no write is queued or in flight (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stats(): PresenceWriterStats {
    return { activeSessions: this.sessions.size, queued: this.queue.depth(), ...this.counters };
  }

  private setSession(tenantId: string, userId: string, presence: TeamsPresence, renewal: boolean): Promise<WriteOutcome> {
    if (!isSettablePresence(presence)) {
      return Promise.resolve({
        ok: false,
        detail: `skipped: Graph cannot set a session to ${describe(presence)}; settable are Available/Available, Busy/InACall, Busy/InAConferenceCall, Away/Away, DoNotDisturb/Presenting`,
      });
    }
    const k = key(tenantId, userId);
    const existing = this.sessions.get(k);
    existing?.timer?.cancel();
    this.sessions.set(k, { presence });
    return this.submit(
      tenantId,
      userId,
      'session',
      `/users/${enc(userId)}/presence/setPresence`,
      (sender) => ({
        sessionId: sender.clientId,
        availability: presence.availability,
        activity: presence.activity,
        expirationDuration: SESSION_EXPIRATION,
      }),
      `${renewal ? 'renewed' : 'set'} session ${describe(presence)} (expires in 5 min unless renewed)`,
    ).then((outcome: WriterOutcome) => {
      const current = this.sessions.get(k);
      // Renew only the target still wanted: a clear or a newer state may have come in meanwhile.
      if (!this.stopped && current && current.presence === presence && !current.timer) {
        // A throttled write comes back when Graph said it may: sooner than a fixed wait, and never earlier.
        const delay = outcome.ok
          ? (this.o.renewEveryMs ?? DEFAULT_RENEW_MS)
          : (outcome.retryAfterMs ?? this.o.retryFailedAfterMs ?? 30_000);
        current.timer = this.o.scheduler.after(delay, () => {
          const still = this.sessions.get(k);
          if (still?.presence !== presence) return;
          still.timer = undefined;
          this.counters.renewals++;
          void this.setSession(tenantId, userId, presence, true);
        });
      }
      return outcome;
    });
  }

  private clearSession(tenantId: string, userId: string): Promise<WriteOutcome> {
    const k = key(tenantId, userId);
    this.sessions.get(k)?.timer?.cancel();
    this.sessions.delete(k);
    return this.submit(
      tenantId,
      userId,
      'session',
      `/users/${enc(userId)}/presence/clearPresence`,
      (sender) => ({ sessionId: sender.clientId }),
      'cleared our session',
      {
        // No session to clear (it expired, or was never written): the goal is reached.
        404: 'no session to clear (already gone)',
      },
    );
  }

  private setPreferred(action: SetPreferredPresenceAction): Promise<WriteOutcome> {
    if (!isSettablePreferredPresence(action.presence)) {
      return Promise.resolve({ ok: false, detail: `skipped: Graph cannot set a preferred presence of ${describe(action.presence)}` });
    }
    return this.submit(
      action.tenantId,
      action.userId,
      'preferred',
      `/users/${enc(action.userId)}/presence/setUserPreferredPresence`,
      { availability: action.presence.availability, activity: action.presence.activity },
      `set the preferred presence ${describe(action.presence)} (force policy)`,
    );
  }

  private submit(
    tenantId: string,
    userId: string,
    slot: string,
    path: string,
    body: object | ((sender: Sender) => object),
    success: string,
    fine: Record<number, string> = {},
  ): Promise<WriterOutcome> {
    return this.queue.submit(tenantId, userId, slot, async () => {
      const tenant = this.o.tenant(tenantId);
      if (!tenant) return { ok: false, detail: `skipped: tenant ${tenantId} has no Graph connection` };
      const tokenOf = this.o.fencingToken;
      const gone = { ok: false, detail: "skipped: this replica no longer holds the tenant's lease" };
      if (tokenOf && tokenOf(tenantId) === undefined) return gone;
      const headers: Record<string, string> = {};
      // Read again at the wire (after the budget's wait, before every retry): the lease may have lapsed meanwhile.
      const beforeSend = tokenOf
        ? async () => {
            const token = tokenOf(tenantId);
            if (token === undefined) throw new LeaseGoneError();
            headers[FENCING_TOKEN_HEADER] = String(token);
          }
        : undefined;
      const session = slot === 'session' ? key(tenantId, userId) : undefined;
      // With a pool, a write refused by one registration (token, permission) is tried once by each other one.
      for (let tried = new Set<string>(); ;) {
        const sender = this.senderFor(tenantId, tenant, session, tried);
        await this.budgetFor(sender).acquire();
        this.counters.writes++;
        tenant.pool?.noteWrite(sender.member?.id ?? tenant.pool.primary.id);
        try {
          await sender.client.post(path, typeof body === 'function' ? body(sender) : body, {
            operation: `${success.split(' (')[0]} for user ${userId}`,
            beforeSend,
            headers,
          });
          if (sender.member) tenant.pool!.succeeded(sender.member.id);
          if (session && sender.member) {
            if (path.endsWith('/clearPresence')) this.sessionOwner.delete(session);
            else this.sessionOwner.set(session, sender.member.id);
          }
          return { ok: true, detail: `Graph accepted: ${success}` };
        } catch (err) {
          if (err instanceof LeaseGoneError) return gone;
          if (err instanceof GraphRequestError && fine[err.status]) return { ok: true, detail: `Graph ${err.status}: ${fine[err.status]}` };
          if (sender.member && isRegistrationFailure(err)) {
            tenant.pool!.failed(sender.member.id, err as Error);
            tried.add(sender.member.id);
            if (tenant.pool!.usable().some((m) => !tried.has(m.id))) continue;
          }
          this.counters.failures++;
          const outcome: WriterOutcome = { ok: false, detail: (err as Error).message };
          if (err instanceof GraphUnavailableError && err.retryAfterMs !== undefined) outcome.retryAfterMs = err.retryAfterMs;
          return outcome;
        }
      }
    });
  }

  /**
   * Which registration sends a write: without a pool (or with one registration) the tenant's own, exactly as
   * before pools; otherwise the registration that holds the user's session while it is usable, else the usable
   * one that may send soonest.
   */
  private senderFor(tenantId: string, tenant: WriterTenant, session: string | undefined, tried: ReadonlySet<string> = new Set()): Sender {
    const pool = tenant.pool;
    if (!pool || pool.size <= 1) return { budgetKey: tenantId, client: tenant.client, clientId: tenant.clientId };
    const usable = pool.usable().filter((m) => !tried.has(m.id));
    const owner = session ? this.sessionOwner.get(session) : undefined;
    const held = owner === undefined ? undefined : usable.find((m) => m.id === owner);
    let member = held;
    if (!member) {
      // The soonest; among those that may send now, the one with most of its write share left (spreads the load).
      let best = [Infinity, Infinity];
      for (const candidate of usable.length > 0 ? usable : [pool.primary]) {
        const budget = this.budgetFor(this.senderOf(tenantId, candidate));
        const score = [this.waitOf(tenantId, candidate), (budget.used() + budget.queued()) / budget.limit];
        if (score[0] < best[0] || (score[0] === best[0] && score[1] < best[1])) [member, best] = [candidate, score];
      }
    }
    pool.beginProbe(member!.id);
    return this.senderOf(tenantId, member!);
  }

  private senderOf(tenantId: string, member: PoolMember): Sender {
    return { budgetKey: `${tenantId}\u0000${member.id}`, member, client: member.client, clientId: member.clientId };
  }

  private waitOf(tenantId: string, member: PoolMember): number {
    return Math.max(this.budgetFor(this.senderOf(tenantId, member)).readyIn(), member.client.budget.readyIn());
  }

  /** Until the tenant may send a write: its write share and its whole budget (Retry-After included); with a pool, the soonest registration's. */
  private readyIn(tenantId: string): number {
    const tenant = this.o.tenant(tenantId);
    if (!tenant) return 0; // the write runs and reports the missing connection
    const pool = tenant.pool;
    if (pool && pool.size > 1) {
      const usable = pool.usable();
      return Math.min(...(usable.length > 0 ? usable : [pool.primary]).map((m) => this.waitOf(tenantId, m)));
    }
    return Math.max(this.budgetFor(this.senderFor(tenantId, tenant, undefined)).readyIn(), tenant.client.budget.readyIn?.() ?? 0);
  }

  /** The writer's own share of a registration's budget (the client's budget caps the registration as a whole). */
  private budgetFor(sender: Sender): ThrottleBudget {
    let budget = this.budgets.get(sender.budgetKey);
    if (!budget) {
      const limit = Math.max(1, Math.floor(sender.client.budget.limit * (this.o.share ?? 0.3)));
      budget = new ThrottleBudget({ limit, windowMs: sender.client.budget.windowMs, clock: this.o.clock, sleep: this.o.sleep });
      this.budgets.set(sender.budgetKey, budget);
    }
    return budget;
  }
}

function enc(userId: string): string {
  return encodeURIComponent(userId);
}

/** The writer over the service's tenant connections (TenantConnections): each holds the client and client id a write needs. */
export function createPresenceWriter(
  tenants: { get(tenantId: string): WriterTenant | undefined },
  options: Omit<PresenceWriterOptions, 'tenant'>,
): PresenceWriter {
  return new PresenceWriter({ ...options, tenant: (tenantId) => tenants.get(tenantId) });
}
