/**
 * A tenant's app registrations (issue 12.1): its own (`primary`) and any it added, each with its own token
 * provider and Graph client, so each has its own budget (Graph counts 1,500 presence requests per 30 s per
 * app per tenant) and its own Retry-After. The poller and the writer spread their work over the members that
 * are usable now; a member whose token or permission is refused, or that keeps failing, is set aside, tried
 * again with backoff (one probe at a time) and taken back at its first success.
 */
import type { Clock } from '../time/clock';
import { backoffDelayMs, type BackoffTiming } from '../backoff';
import { EntraAuthError, EntraUnreachableError, GraphPermissionError, GraphRequestError, GraphUnavailableError } from './errors';
import type { TenantGraphClient } from './graph-client';
import type { TokenProvider } from './token-provider';

export const PRIMARY_MEMBER_ID = 'primary';

export interface PoolMember {
  id: string;
  label: string;
  clientId: string;
  tokens: TokenProvider;
  client: TenantGraphClient;
}

export interface MemberHealth {
  health: 'ok' | 'failing';
  /** Why it is set aside (the typed error of the failing call). */
  problem?: Error;
  failingSince?: number;
  /** Failures in a row. */
  failures: number;
  /** When it may be tried again (one probe). */
  retryAt?: number;
  /** A probe is under way. */
  probing: boolean;
}

export interface MemberUse {
  /** Users whose chunks it read in the last sweep. */
  usersPolled: number;
  pollRequests: number;
  writes: number;
}

export type PoolChange = { member: PoolMember; health: 'failing' | 'ok'; problem?: Error };

/** Default: first retry after 5 s, doubling up to 5 min. */
export const DEFAULT_MEMBER_BACKOFF: Readonly<BackoffTiming> = Object.freeze({
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  jitter: 'none',
});

/**
 * True when the error says this registration cannot work now (its token refused, a permission missing, 401,
 * or Graph unavailable after retries without a Retry-After): its work should move to another one. A 429
 * with Retry-After is not a failure, only a wait; a 404 or a bad request is about the call, not the app.
 */
export function isRegistrationFailure(error: unknown): boolean {
  if (error instanceof EntraAuthError || error instanceof EntraUnreachableError || error instanceof GraphPermissionError) return true;
  if (error instanceof GraphRequestError) return error.status === 401 || error.status === 403;
  return error instanceof GraphUnavailableError && error.retryAfterMs === undefined;
}

export class AppRegistrationPool {
  private readonly members: PoolMember[];
  private readonly healthById = new Map<string, MemberHealth>();
  private readonly useById = new Map<string, MemberUse>();
  private readonly listeners: ((change: PoolChange) => void)[] = [];
  /** Start times of recent writes per member, oldest first (for "writes in the last 30 s"). */
  private readonly writeTimes = new Map<string, number[]>();

  constructor(
    members: readonly PoolMember[],
    private readonly o: { clock: Clock; backoff?: BackoffTiming },
  ) {
    if (members.length === 0) throw new RangeError('an app-registration pool needs at least one registration');
    this.members = [...members];
    for (const m of members) {
      this.healthById.set(m.id, { health: 'ok', failures: 0, probing: false });
      this.useById.set(m.id, { usersPolled: 0, pollRequests: 0, writes: 0 });
    }
  }

  get size(): number {
    return this.members.length;
  }

  get primary(): PoolMember {
    return this.members[0];
  }

  all(): readonly PoolMember[] {
    return this.members;
  }

  member(id: string): PoolMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  health(id: string): Readonly<MemberHealth> {
    return this.healthById.get(id)!;
  }

  use(id: string): MemberUse {
    return this.useById.get(id)!;
  }

  /** A write went out through this member. */
  noteWrite(id: string): void {
    this.useById.get(id)!.writes++;
    let times = this.writeTimes.get(id);
    if (!times) this.writeTimes.set(id, (times = []));
    times.push(this.o.clock.now());
    if (times.length > 20_000) times.splice(0, times.length - 20_000);
  }

  /** Writes through this member in the last `windowMs` (default 30 s). */
  writesInWindow(id: string, windowMs = 30_000): number {
    const times = this.writeTimes.get(id) ?? [];
    const from = this.o.clock.now() - windowMs;
    let expired = 0;
    while (expired < times.length && times[expired] < from) expired++;
    times.splice(0, expired);
    return times.length;
  }

  /** Members that may take work now: the healthy ones, and a failing one whose retry is due (as a probe). */
  usable(): PoolMember[] {
    const now = this.o.clock.now();
    return this.members.filter((m) => {
      const h = this.healthById.get(m.id)!;
      return h.health === 'ok' || (!h.probing && (h.retryAt ?? 0) <= now);
    });
  }

  healthy(): PoolMember[] {
    return this.members.filter((m) => this.healthById.get(m.id)!.health === 'ok');
  }

  /** A failing member about to be tried: one probe at a time. */
  beginProbe(id: string): void {
    const h = this.healthById.get(id)!;
    if (h.health === 'failing') h.probing = true;
  }

  succeeded(id: string): void {
    const h = this.healthById.get(id)!;
    if (h.health === 'ok') return;
    Object.assign(h, { health: 'ok', problem: undefined, failingSince: undefined, failures: 0, retryAt: undefined, probing: false });
    this.emit({ member: this.member(id)!, health: 'ok' });
  }

  failed(id: string, problem: Error): void {
    const h = this.healthById.get(id)!;
    const now = this.o.clock.now();
    const wasOk = h.health === 'ok';
    h.failures++;
    Object.assign(h, {
      health: 'failing',
      problem,
      failingSince: h.failingSince ?? now,
      retryAt: now + backoffDelayMs(h.failures, this.o.backoff ?? DEFAULT_MEMBER_BACKOFF),
      probing: false,
    });
    if (wasOk) this.emit({ member: this.member(id)!, health: 'failing', problem });
  }

  /** Called when health changes (a member set aside, or back). */
  onChange(listener: (change: PoolChange) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1);
  }

  private emit(change: PoolChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
