/**
 * One user inside the engine: the current state, the writes waiting to run (one per slot, newest wins,
 * kept in decision order), and what the other sides confirmed. The state is updated optimistically when a
 * decision is made; a failed write puts the slot back to the last confirmed value so the next event retries.
 */
import { samePresence } from './presence';
import type { TraceSink } from './ports';
import { OrderedTraces, type TraceRun } from './trace-run';
import type { SyncAction, UserSyncState } from './types';

export type Slot = 'routing' | 'session' | 'preferred';

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

type SlotValue = Pick<UserSyncState, 'routingSent' | 'teamsSent' | 'preferredSent' | 'preferredBefore'>;

export interface PendingWrite {
  action: SyncAction;
  run: TraceRun;
  /** The state's value for this slot right after the decision: the write's own marker. */
  marker: SlotValue;
}

function valueOf(state: UserSyncState, slot: Slot): SlotValue {
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
  if (slot === 'routing') return a.routingSent?.state === b.routingSent?.state && a.routingSent !== undefined && b.routingSent !== undefined;
  const x = slot === 'session' ? a.teamsSent : a.preferredSent;
  const y = slot === 'session' ? b.teamsSent : b.preferredSent;
  if (!x || !y) return false;
  return x.presence === null || y.presence === null ? x.presence === y.presence : samePresence(x.presence, y.presence);
}

export class UserRecord {
  readonly pending = new Map<Slot, PendingWrite>();
  saveDue = false;
  /** In the engine's ready queue or running a write. */
  active = false;
  private confirmed: Record<Slot, SlotValue>;
  /** Writes handed to the other side and not answered yet, per slot. */
  private running: Partial<Record<Slot, PendingWrite>> = {};

  readonly traces: OrderedTraces;

  constructor(
    public state: UserSyncState,
    sink: TraceSink,
  ) {
    this.traces = new OrderedTraces(sink);
    this.confirmed = { routing: valueOf(state, 'routing'), session: valueOf(state, 'session'), preferred: valueOf(state, 'preferred') };
  }

  get tenantId(): string {
    return this.state.tenantId;
  }
  get userId(): string {
    return this.state.userId;
  }

  /** Replace the whole state (load, mapping change): what it says is taken as confirmed. */
  reset(state: UserSyncState): void {
    this.state = state;
    this.confirmed = { routing: valueOf(state, 'routing'), session: valueOf(state, 'session'), preferred: valueOf(state, 'preferred') };
  }

  /**
   * Queue a write decided just now (the state already carries its marker). Returns the write it replaced,
   * if any, and whether the new one is needed at all: when the other side already confirmed that value,
   * cancelling the waiting write is enough.
   */
  queue(write: Omit<PendingWrite, 'marker'>): { replaced?: PendingWrite; needed: boolean } {
    const slot = slotOf(write.action);
    const replaced = this.pending.get(slot);
    this.pending.delete(slot); // re-insert at the end: surviving writes keep decision order
    const marker = valueOf(this.state, slot);
    // What the other side will have once the running write (if any) lands.
    const expected = this.running[slot]?.marker ?? this.confirmed[slot];
    const needed = !(replaced && sameEffect(marker, expected, slot));
    if (needed) this.pending.set(slot, { ...write, marker });
    return { replaced, needed };
  }

  /** Take the oldest waiting write. */
  next(): PendingWrite | undefined {
    const first = this.pending.entries().next();
    if (first.done) return undefined;
    this.pending.delete(first.value[0]);
    this.running[first.value[0]] = first.value[1];
    return first.value[1];
  }

  /** The other side answered. On failure the slot returns to the last confirmed value, unless a newer decision changed it already. */
  settle(write: PendingWrite, ok: boolean): void {
    const slot = slotOf(write.action);
    if (this.running[slot] === write) delete this.running[slot];
    if (ok) {
      this.confirmed[slot] = write.marker;
      return;
    }
    if (sameMarker(valueOf(this.state, slot), write.marker, slot)) {
      this.state = { ...this.state, ...this.confirmed[slot] };
      this.saveDue = true;
    }
  }

  get hasWork(): boolean {
    return this.pending.size > 0 || this.saveDue;
  }
}
