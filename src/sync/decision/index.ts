/** The pure decision: presets, policies, rules, decide() and what evaluates from known state. No I/O. */
export { PRESETS, PRESET_NAMES, presetPolicy, isPresetName, type Preset, type PresetName } from './presets';
export {
  parsePolicy,
  policyOrThrow,
  policySchema,
  DEFAULT_DEBOUNCE_MS,
  DEFAULT_ECHO_WINDOW_MS,
  type SyncPolicy,
  type PolicyResult,
} from './policy';
export {
  validateRuleTables,
  ruleTablesSchema,
  matchTeamsRule,
  matchLineRule,
  formatTeamsTarget,
  type RuleTables,
  type TeamsToPbxRule,
  type PbxToTeamsRule,
  type TeamsTarget,
} from './rules';
export { mapTeamsToRouting, mapLineToTeams, ACTIVE_LINE_STATES, MANUAL_LINE_STATES, type RoutingMapping, type TeamsMapping } from './map';
export { decide, isDuplicate, type CoreDecision } from './decide';
export { reconcile, type Reconciliation } from './reconcile';
export { planReassert, REASSERT_EVENT, type ReassertSides, type Reassertion } from './reassert';
export { dryRun, type DryRunChange } from './dry-run';
export { aggregatePresence, outranks, preferredPairFor, PREFERRED_PRESENCES, isPreferredPresence } from './aggregation';
export { LINE_ECHOES_OF_ROUTING } from './echo';
export { formatPresence, parsePresence, samePresence } from './presence';
export { judgeVersion, MAX_CLOCK_SKEW_MS, VERSION_WINDOW_MS } from './versions';
