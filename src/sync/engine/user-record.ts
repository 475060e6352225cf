/**
 * One user inside the engine: the current state, the writes waiting to run (one per slot, newest wins,
 * kept in decision order), and what the other sides confirmed. The state is updated optimistically when a
 * decision is made; a failed write puts the slot back to the last confirmed value so the next event retries.
 *
 * Kept small on purpose (one per user, 100,000s per process): no per-user closures or maps, the waiting
 * list and the trace queue exist only while there is something in them, and the confirmed values are
 * references to the state's own objects, not copies.
 */
import { samePresence } from '../decision';
import type { TraceSink } from '../ports';
import { OrderedTraces, type TraceRun } from './trace-run';
import type { SyncAction, UserSyncState } from '../types';

export type Slot = 'routing' | 'session' | 'preferred';

/** Which of the engine's slot pools an operation of this user needs: each side has its own. */
export type WriteSide = 'routing' | 'teams' | 'save';

export function slotOf(action: SyncAction): Slot {
  switch (action.kind) {
    case 'setRouting':
      return 'routing';
    case 'setTeamsSession':
    case 'clearTeamsSession':
      return 'session';
    default:
      return 'preferred';
  }
}

function putsUpInTeams(action: SyncAction): boolean {
  return action.kind === 'setTeamsSession' || action.kind === 'setPreferredPresence';
}

export function sideOf(action: SyncAction): WriteSide {
  return action.kind === 'setRouting' ? 'routing' : 'teams';
}

type SlotValue = Pick<UserSyncState, 'routingSent' | 'teamsSent' | 'preferredSent' | 'preferredBefore'>;

export interface PendingWrite {
  action: SyncAction;
  run: TraceRun;
  /** The state's value for this slot right after the decision: the write's own marker. */
  marker: SlotValue;
}

function valueOf(state: SlotValue, slot: Slot): SlotValue {
  if (slot === 'routing') return { routingSent: state.routingSent };
  if (slot === 'session') return { teamsSent: state.teamsSent };
  return { preferredSent: state.preferredSent, preferredBefore: state.preferredBefore };
}

function sameMarker(a: SlotValue, b: SlotValue, slot: Slot): boolean {
  if (slot === 'routing') return a.routingSent === b.routingSent;
  if (slot === 'session') return a.teamsSent === b.teamsSent;
  return a.preferredSent === b.preferredSent;
}

/** Do two slot values mean the same thing on the other side (ignoring when they were written)? */
function sameEffect(a: SlotValue, b: SlotValue, slot: Slot): boolean {
  if (slot === 'routing')
    return a.routingSent?.state === b.routingSent?.state && a.routingSent !== undefined && b.routingSent !== undefined;
  const x = slot === 'session' ? a.teamsSent : a.preferredSent;
  const y = slot === 'session' ? b.teamsSent : b.preferredSent;
  if (!x || !y) return false;
  return x.presence === null || y.presence === null ? x.presence === y.presence : samePresence(x.presence, y.presence);
}

export class UserRecord {
  saveDue = false;
  /** Running an operation (a write or a save); a user runs one at a time, in order. */
  busy = false;
  /** The engine's pool this user waits in, if it waits. */
  queuedOn: WriteSide | undefined = undefined;
  /** Writes waiting to run, oldest decision first, at most one per slot; undefined when none. */
  private waiting: PendingWrite[] | undefined = undefined;
  /** The write handed to the other side and not answered yet (one at a time per user). */
  private running: PendingWrite | undefined = undefined;
  /** What the other side confirmed, per slot: the same objects as in the state, never copies. */
  private confirmedRouting: UserSyncState['routingSent'];
  private confirmedSession: UserSyncState['teamsSent'];
  private confirmedPreferred: UserSyncState['preferredSent'];
  private confirmedBefore: UserSyncState['preferredBefore'];
  private ordered: OrderedTraces | undefined = undefined;

  constructor(
    public state: UserSyncState,
    private readonly sink: TraceSink,
  ) {
    this.confirmedRouting = state.routingSent;
    this.confirmedSession = state.teamsSent;
    this.confirmedPreferred = state.preferredSent;
    this.confirmedBefore = state.preferredBefore;
  }

  get tenantId(): string {
    return this.state.tenantId;
  }
  get userId(): string {
    return this.state.userId;
  }

  /** This user's trace entries, recorded in decision order. Created when first needed. */
  get traces(): OrderedTraces {
    return (this.ordered ??= new OrderedTraces(this.sink));
  }

  /** Let go of the trace queue once every entry in it is recorded (most users, most of the time). */
  releaseTraces(): void {
    if (this.ordered?.empty) this.ordered = undefined;
  }

  /** Replace the whole state (load, mapping change): what it says is taken as confirmed. */
  reset(state: UserSyncState): void {
    this.state = state;
    this.confirm(state);
  }

  /**
   * Queue a write decided just now (the state already carries its marker). Returns the write it replaced,
   * if any, and whether the new one is needed at all: when the other side already confirmed that value,
   * cancelling the waiting write is enough.
   */
  queue(write: Omit<PendingWrite, 'marker'>): { replaced?: PendingWrite; needed: boolean } {
    const slot = slotOf(write.action);
    const replaced = this.take(slot); // re-added at the end: surviving writes keep decision order
    const marker = valueOf(this.state, slot);
    // What the other side will have once the running write (if any) lands.
    const running = this.running && slotOf(this.running.action) === slot ? this.running : undefined;
    const expected = running?.marker ?? this.confirmedValue(slot);
    const needed = !(replaced && sameEffect(marker, expected, slot));
    if (needed) (this.waiting ??= []).push({ ...write, marker });
    return { replaced, needed };
  }

  /** Drop the writes and the save still waiting (the tenant runs elsewhere now); a running one ends as it will. */
  dropWaiting(): void {
    this.waiting = undefined;
    this.saveDue = false;
  }

  /** Take the oldest waiting write. */
  next(): PendingWrite | undefined {
    const first = this.waiting?.shift();
    if (this.waiting?.length === 0) this.waiting = undefined;
    this.running = first;
    return first;
  }

  /** The other side answered. On failure the slot returns to the last confirmed value, unless a newer decision changed it already. */
  settle(write: PendingWrite, ok: boolean): void {
    const slot = slotOf(write.action);
    if (this.running === write) this.running = undefined;
    if (ok) {
      this.confirm(write.marker, slot);
      return;
    }
    if (sameMarker(valueOf(this.state, slot), write.marker, slot)) {
      this.state = { ...this.state, ...this.confirmedValue(slot) };
      this.saveDue = true;
    }
  }

  /**
   * The pool the next operation needs: the oldest waiting write's side, else a save if one is due. A Teams
   * write that puts something up is saved first: it outlives a crash (a session for up to 5 minutes, a forced
   * preferred presence for a day), so the stored state must know of it before it can land; the start-up
   * re-assert then renews or clears it.
   */
  get nextSide(): WriteSide | undefined {
    const first = this.waiting?.[0];
    if (first && this.saveDue && putsUpInTeams(first.action)) return 'save';
    if (first) return sideOf(first.action);
    return this.saveDue ? 'save' : undefined;
  }

  get hasWork(): boolean {
    return this.waiting !== undefined || this.saveDue;
  }

  private confirmedValue(slot: Slot): SlotValue {
    if (slot === 'routing') return { routingSent: this.confirmedRouting };
    if (slot === 'session') return { teamsSent: this.confirmedSession };
    return { preferredSent: this.confirmedPreferred, preferredBefore: this.confirmedBefore };
  }

  /** Take `value` as what the other side has, for one slot or (no slot) all of them. */
  private confirm(value: SlotValue, slot?: Slot): void {
    if (slot === undefined || slot === 'routing') this.confirmedRouting = value.routingSent;
    if (slot === undefined || slot === 'session') this.confirmedSession = value.teamsSent;
    if (slot === undefined || slot === 'preferred') {
      this.confirmedPreferred = value.preferredSent;
      this.confirmedBefore = value.preferredBefore;
    }
  }

  private take(slot: Slot): PendingWrite | undefined {
    const list = this.waiting;
    if (!list) return undefined;
    const i = list.findIndex((w) => slotOf(w.action) === slot);
    if (i < 0) return undefined;
    const [taken] = list.splice(i, 1);
    if (list.length === 0) this.waiting = undefined;
    return taken;
  }
}
