/**
 * Both sides of the real world, for the convergence test: Graph (presence aggregation, sequence numbers,
 * a poller) and a PBX whose line state reflects our routing writes, as fakes behind the engine's writers.
 */
import { aggregatePresence } from '../../../src/sync/decision/aggregation';
import type { SyncEngine } from '../../../src/sync/engine';
import type { RoutingWriter, TeamsWriter, WriteOutcome } from '../../../src/sync/ports';
import { samePresence } from '../../../src/sync/decision/presence';
import type { LineState, RoutingState, TeamsPresence } from '../../../src/sync/states';
import type { SetRoutingAction, SyncAction } from '../../../src/sync/types';
import type { FakeTime } from './fake-time';

export interface WorldUser {
  userId: string;
  extension: string;
  /** The user's Teams client session; null: signed out. */
  client: TeamsPresence | null;
  /** Graph's preferred presence (the user's own, or ours under the force policy). */
  preferred: TeamsPresence | null;
  /** What the user last chose by hand (the force policy must give it back). */
  ownChoice: TeamsPresence | null;
  /** Every status the user ever chose by hand. */
  choices: (TeamsPresence | null)[];
  session: TeamsPresence | null;
  call: 'ringing' | 'onCall' | null;
  deskDnd: boolean;
  routing?: RoutingState;
  reportedLine: LineState;
  seq: number;
  shown: TeamsPresence;
}

export class FakeWorld implements RoutingWriter, TeamsWriter {
  readonly users = new Map<string, WorldUser>();
  readonly writes: { at: number; userId: string; what: string }[] = [];
  engine!: SyncEngine;

  constructor(
    private readonly time: FakeTime,
    private readonly tenantId: string,
    private readonly lineDelayMs = 300,
  ) {}

  add(userId: string, extension: string): WorldUser {
    const u: WorldUser = {
      userId,
      extension,
      client: { availability: 'Available', activity: 'Available' },
      preferred: null,
      ownChoice: null,
      choices: [null],
      session: null,
      call: null,
      deskDnd: false,
      reportedLine: 'idle',
      seq: 1,
      shown: { availability: 'Available', activity: 'Available' },
    };
    this.users.set(userId, u);
    return u;
  }

  /** What Graph reports: sessions are the client's and ours, the client's listed first. */
  aggregate(u: WorldUser): TeamsPresence {
    const sessions = [u.client, u.session].filter((s): s is TeamsPresence => s !== null);
    return aggregatePresence(u.preferred, sessions);
  }

  /** What the user's own Teams state is, without anything of ours. */
  own(u: WorldUser): TeamsPresence {
    return aggregatePresence(u.ownChoice, u.client ? [u.client] : []);
  }

  lineOf(u: WorldUser): LineState {
    if (u.call) return u.call;
    if (u.deskDnd) return 'dnd';
    if (u.routing === 'busy' || u.routing === 'dnd' || u.routing === 'away') return 'dnd'; // a PBX reflecting our routing
    if (u.routing === 'unavailable') return 'offline';
    return 'idle';
  }

  /** Something changed on the PBX: report the line state a little later, if it changed by then. */
  pbxChanged(u: WorldUser): void {
    this.time.after(this.lineDelayMs, () => {
      const state = this.lineOf(u);
      if (state === u.reportedLine) return;
      u.reportedLine = state;
      this.engine.submitLineReport(this.tenantId, { extension: u.extension, state, at: this.time.now() });
    });
  }

  /** Graph bumps the sequence number whenever the aggregate changes. */
  teamsChanged(u: WorldUser): void {
    const now = this.aggregate(u);
    if (!samePresence(now, u.shown)) {
      u.shown = now;
      u.seq++;
    }
  }

  poll(u: WorldUser): void {
    this.teamsChanged(u);
    this.engine.submit({
      kind: 'teamsPresence',
      tenantId: this.tenantId,
      userId: u.userId,
      presence: u.shown,
      version: String(u.seq).padStart(6, '0'),
      at: this.time.now(),
      source: 'poll',
    });
  }

  async setRouting(action: SetRoutingAction): Promise<WriteOutcome> {
    const u = this.users.get(action.userId)!;
    this.writes.push({ at: this.time.now(), userId: u.userId, what: `routing ${action.state}` });
    u.routing = action.state;
    this.pbxChanged(u);
    return { ok: true, detail: 'ok' };
  }

  async apply(action: Exclude<SyncAction, SetRoutingAction>): Promise<WriteOutcome> {
    const u = this.users.get(action.userId)!;
    this.writes.push({ at: this.time.now(), userId: u.userId, what: action.kind });
    if (action.kind === 'setTeamsSession') u.session = action.presence;
    else if (action.kind === 'clearTeamsSession') u.session = null;
    else if (action.kind === 'setPreferredPresence') u.preferred = action.presence;
    else u.preferred = null;
    this.teamsChanged(u);
    return { ok: true, detail: 'ok' };
  }
}
