/**
 * After a restart: write again what we last wrote, where it only lasts while we keep it alive. The stored
 * "sent" values say what should show on the other side, not what does: our Graph session is renewed only
 * by a running process (Graph drops it within 5 minutes after a crash), and some PBXes drop our routing state
 * unless we refresh it (a SIP PUBLISH expires). Nothing is decided anew here: the state stays as it is, and
 * the events that follow (the PBX's present line state, the next Teams read) decide as usual.
 */
import { formatPresence } from './presence';
import type { Plan } from './plan';
import type { SyncPolicy } from './policy';
import { traceEntry } from './trace-entry';
import type { SyncAction, TraceEntry, UserSyncState } from '../types';

/** Which of our writes lapse without us: sessions always; routing where the connector says so. */
export interface ReassertSides {
  session: boolean;
  routing: boolean;
}

export interface Reassertion {
  actions: SyncAction[];
  /** One entry per direction that has something to write again. */
  traces: TraceEntry[];
}

export const REASSERT_EVENT = 'service restarted';

export function planReassert(state: UserSyncState, policy: SyncPolicy, now: number, sides: ReassertSides): Reassertion {
  const none: Reassertion = { actions: [], traces: [] };
  // A paused user gets no write; the resume re-evaluates them from what is known.
  if (state.paused) return none;
  const traces: TraceEntry[] = [];
  const actions: SyncAction[] = [];
  const add = (direction: TraceEntry['direction'], plan: Pick<Plan, 'outcome' | 'reason' | 'actions'>) => {
    actions.push(...plan.actions);
    traces.push(traceEntry(state, now, direction, REASSERT_EVENT, plan));
  };
  const { tenantId, userId } = state;
  const session = state.teamsSent?.presence;
  // Without a known line state (the extension changed) nothing justifies the session any more.
  if (sides.session && session && state.line && policy.pbxToTeams.enabled) {
    add('pbxToTeams', {
      outcome: 'applied',
      reason: `our Teams session ${formatPresence(session)} (line ${state.line.state}) lapses without a running service; writing it again`,
      actions: [{ kind: 'setTeamsSession', tenantId, userId, presence: session }],
    });
  }
  const routing = state.routingSent?.state;
  if (sides.routing && routing !== undefined && policy.teamsToPbx.enabled) {
    add('teamsToPbx', {
      outcome: 'applied',
      reason: `the PBX keeps routing ${routing} only while we refresh it; writing it again`,
      actions: [{ kind: 'setRouting', tenantId, userId, extension: state.extension, state: routing }],
    });
  }
  return { actions, traces };
}
