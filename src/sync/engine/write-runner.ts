/**
 * Performs one user's next operation when the write pools give it a slot: hands the oldest waiting write to
 * its writer and settles the answer (state, trace, counters, latency), or saves the user's state. It decides
 * nothing: what to write was decided and queued before.
 */
import type { Clock } from '../../time/clock';
import type { RoutingWriter, SyncStateRepository, TeamsWriter, WriteOutcome } from '../ports';
import type { Direction, PauseMark, SyncAction } from '../types';
import type { EngineCounters } from './engine-stats';
import type { PendingWrite, UserRecord, WriteSide } from './user-record';

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

export interface WriteRunnerDeps {
  clock: Clock;
  routing: RoutingWriter;
  teams: TeamsWriter;
  repository: SyncStateRepository;
  counters: EngineCounters;
  onOutcome?(info: WriteOutcomeInfo): void;
  /** A write of the tenant ended (a paced re-evaluation may go on). */
  afterWrite(tenantId: string): void;
}

function directionOf(action: SyncAction): Direction {
  return action.kind === 'setRouting' ? 'teamsToPbx' : 'pbxToTeams';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class WriteRunner {
  /** Saves under way (at most one save slot's worth): a pause waits for those of its users. */
  private readonly runningSaves = new Map<UserRecord, Promise<void>>();

  constructor(private readonly deps: WriteRunnerDeps) {}

  async run(rec: UserRecord, side: WriteSide): Promise<void> {
    if (side === 'save') return this.save(rec);
    const write = rec.next();
    if (write) await this.perform(rec, write);
    this.deps.afterWrite(rec.tenantId);
  }

  /**
   * Store a pause or resume before it is confirmed. Saves already running carry the state from before it: they
   * end first, so none of them can land after it. Throws what the repository threw.
   */
  async storePause(tenantId: string, recs: readonly UserRecord[], tenantPause: PauseMark | null | undefined): Promise<void> {
    await Promise.allSettled(recs.flatMap((r) => this.runningSaves.get(r) ?? []));
    await this.deps.repository.savePause(
      tenantId,
      recs.map((r) => r.state),
      tenantPause,
    );
  }

  private async save(rec: UserRecord): Promise<void> {
    const { counters } = this.deps;
    rec.saveDue = false;
    const saving = this.deps.repository.save(rec.state);
    this.runningSaves.set(rec, saving);
    try {
      await saving;
      counters.saves.ok++;
    } catch (e) {
      counters.saves.failed++;
      counters.lastError = `saving the sync state of ${rec.tenantId}/${rec.userId} failed: ${errorText(e)}`;
    } finally {
      if (this.runningSaves.get(rec) === saving) this.runningSaves.delete(rec);
    }
  }

  private async perform(rec: UserRecord, write: PendingWrite): Promise<void> {
    const { action } = write;
    const { counters, onOutcome, clock } = this.deps;
    let outcome: WriteOutcome;
    try {
      outcome = action.kind === 'setRouting' ? await this.deps.routing.setRouting(action) : await this.deps.teams.apply(action);
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
    if (onOutcome) {
      const doneAt = clock.now();
      onOutcome({
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
}
