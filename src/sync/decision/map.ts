/**
 * Pure rule look-ups with the effective policy applied (direction switches, manual PBX states): what one
 * state means for the other side, and which rule says so. `presence-bridge rules map` prints these.
 */
import type { SyncPolicy } from './policy';
import { formatPresence } from './presence';
import { formatTeamsTarget, matchLineRule, matchTeamsRule, teamsPattern, type TeamsTarget } from './rules';
import type { LineState, NoChange, RoutingState, TeamsPresence } from '../states';

/** Line states a person sets on the PBX, as opposed to calls. */
export const MANUAL_LINE_STATES: ReadonlySet<LineState> = new Set<LineState>(['dnd', 'offline']);
/** Line states of a call in progress. */
export const ACTIVE_LINE_STATES: ReadonlySet<LineState> = new Set<LineState>(['ringing', 'onCall', 'held', 'conference']);

export function ruleSource(policy: Pick<SyncPolicy, 'preset'>): string {
  return policy.preset === 'custom' ? 'custom rules' : `preset ${policy.preset}`;
}

export interface RoutingMapping {
  outcome: RoutingState | NoChange;
  /** e.g. "Busy/* -> busy (row 2, preset daktela)" */
  rule: string;
  row?: number;
}

export function mapTeamsToRouting(policy: SyncPolicy, presence: TeamsPresence): RoutingMapping {
  const source = ruleSource(policy);
  if (!policy.teamsToPbx.enabled) return { outcome: 'noChange', rule: `Teams -> PBX is off (${source})` };
  const m = matchTeamsRule(policy.teamsToPbx.rules, presence);
  if (!m) return { outcome: 'noChange', rule: `no rule matches ${formatPresence(presence)} -> noChange (${source})` };
  return { outcome: m.rule.routing, rule: `${teamsPattern(m.rule)} -> ${m.rule.routing} (row ${m.index}, ${source})`, row: m.index };
}

export interface TeamsMapping {
  outcome: TeamsTarget;
  /** e.g. "onCall -> Busy/InACall (row 2, preset procall)" */
  rule: string;
  row?: number;
}

export function mapLineToTeams(policy: SyncPolicy, line: LineState): TeamsMapping {
  const source = ruleSource(policy);
  const p = policy.pbxToTeams;
  if (!p.enabled) return { outcome: 'noChange', rule: `PBX -> Teams is off (${source})` };
  if (!p.pushManualPbxStates && MANUAL_LINE_STATES.has(line)) {
    return { outcome: 'noChange', rule: `${line} -> noChange: manual PBX states are not pushed (${source})` };
  }
  const m = matchLineRule(p.rules, line);
  // A conference is a call: a table without a conference row (older custom tables) treats it as onCall.
  if (!m && line === 'conference') {
    const call = matchLineRule(p.rules, 'onCall');
    if (call)
      return {
        outcome: call.rule.teams,
        rule: `conference -> ${formatTeamsTarget(call.rule.teams)} (as onCall: row ${call.index}, ${source})`,
        row: call.index,
      };
  }
  if (!m) return { outcome: 'noChange', rule: `no rule for line ${line} -> noChange (${source})` };
  return { outcome: m.rule.teams, rule: `${line} -> ${formatTeamsTarget(m.rule.teams)} (row ${m.index}, ${source})`, row: m.index };
}
