/**
 * Reads every mapped user's Teams presence with getPresencesByUserId, in chunks of at most 650 ids, at the
 * pace the tenant's budget share allows, and reports changes only (source 'poll'). Polling always runs,
 * push or not: Graph gives no signal when a notification is lost, so this sweep is what reconciles.
 */
import type { Clock, Scheduler, TimerHandle } from '../sync/ports';
import type { TeamsPresenceEvent } from '../sync/types';
import { EntraAuthError, GraphPermissionError, GraphRequestError } from './errors';
import type { GraphCall } from './graph-client';
import { presenceCollectionSchema, type WirePresence } from './presence-wire';
import { PresenceVersions } from './presence-versions';
import { chunk, MAX_IDS_PER_PRESENCE_REQUEST, sweepPeriodMs } from './sweep-period';

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
  /** Share of the tenant budget polling may use (default 0.5). */
  share?: number;
  /** Never sweep more often than this (default 1 s). */
  minPeriodMs?: number;
  chunkSize?: number;
  /** Chunks in flight at once (the budget paces them anyway). */
  concurrency?: number;
}

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
}

export class PresencePoller {
  private readonly versions = new PresenceVersions();
  private readonly chunkSize: number;
  private timer?: TimerHandle;
  private running = false;
  private current?: Promise<SweepResult>;
  private readonly s: PresencePollerStats;

  constructor(private readonly o: PresencePollerOptions) {
    this.chunkSize = Math.min(o.chunkSize ?? MAX_IDS_PER_PRESENCE_REQUEST, MAX_IDS_PER_PRESENCE_REQUEST);
    this.s = { tenantId: o.tenantId, running: false, sweepPeriodMs: this.periodFor(0), sweeps: 0, usersPolled: 0, requestsUsed: 0, changesReported: 0 };
  }

  start(): void {
    if (this.running) return;
    this.running = this.s.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = this.s.running = false;
    this.timer?.cancel();
    this.timer = undefined;
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
    return sweepPeriodMs({
      users,
      budgetLimit: this.o.client.budget.limit,
      windowMs: this.o.client.budget.windowMs,
      share: this.o.share ?? 0.5,
      minPeriodMs: this.o.minPeriodMs ?? 1_000,
      chunkSize: this.chunkSize,
    });
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = this.o.scheduler.after(delayMs, () => {
      this.timer = undefined;
      void this.sweepNow().then(
        (result) => this.schedule(Math.max(0, this.s.sweepPeriodMs - result.durationMs)),
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
      for (let next = queue.shift(); next && !fatal; next = single ? undefined : queue.shift()) {
        try {
          await this.pollChunk(next, tally);
        } catch (err) {
          const error = err as Error;
          if (error instanceof GraphPermissionError || error instanceof EntraAuthError) fatal = error;
          tally.failedChunks++;
          this.noteError(error);
        }
      }
    };
    // The first chunk goes alone: a missing permission or consent then costs one request, not one per worker.
    await worker(true);
    await Promise.all(Array.from({ length: Math.max(1, this.o.concurrency ?? 4) }, () => worker()));
    this.versions.retainOnly(new Set(ids));

    const durationMs = this.o.clock.now() - started;
    Object.assign(this.s, { sweeps: this.s.sweeps + 1, lastSweepAt: started, lastSweepDurationMs: durationMs, usersPolled: ids.length, requestsUsed: tally.requests });
    this.s.changesReported += tally.changes;
    return { users: ids.length, ...tally, durationMs };
  }

  /** One chunk; a bare 400 (seen on long id lists) splits it in halves until the culprit is alone. */
  private async pollChunk(ids: string[], tally: { requests: number; changes: number; failedChunks: number }): Promise<void> {
    tally.requests++;
    let answer: unknown;
    try {
      answer = await this.o.client.post('/communications/getPresencesByUserId', { ids }, { operation: `reading the presence of ${ids.length} users` });
    } catch (err) {
      if (err instanceof GraphRequestError && err.status === 400 && ids.length > 1) {
        const half = Math.ceil(ids.length / 2);
        await this.pollChunk(ids.slice(0, half), tally);
        await this.pollChunk(ids.slice(half), tally);
        return;
      }
      throw err;
    }
    const parsed = presenceCollectionSchema.safeParse(answer);
    if (!parsed.success) throw new GraphRequestError(this.o.tenantId, 200, undefined, 'reading presence', 'the answer was not a presence collection', 'report this: Graph changed its answer.');
    const at = this.o.clock.now();
    for (const p of parsed.data.value) if (this.report(p, at)) tally.changes++;
  }

  private report(p: WirePresence, at: number): boolean {
    const presence = { availability: p.availability, activity: p.activity };
    const version = p.sequenceNumber ?? '';
    if (this.versions.accept(p.id, presence, version) !== 'changed') return false;
    this.o.onEvent({ kind: 'teamsPresence', tenantId: this.o.tenantId, userId: p.id, presence, version, at, source: 'poll' });
    return true;
  }

  private noteError(error: Error): void {
    this.s.lastError = { at: this.o.clock.now(), message: error.message };
    this.o.onError?.(error);
  }
}
