/** The sync core's public surface: import from 'src/sync' rather than from its files. */
export * from './states';
export type * from './types';
export type * from './ports';
export { PRESETS, PRESET_NAMES, presetPolicy, isPresetName, type Preset, type PresetName } from './presets';
export { parsePolicy, policyOrThrow, policySchema, DEFAULT_DEBOUNCE_MS, DEFAULT_ECHO_WINDOW_MS, type SyncPolicy, type PolicyResult } from './policy';
export { validateRuleTables, ruleTablesSchema, matchTeamsRule, matchLineRule, formatTeamsTarget, type RuleTables, type TeamsToPbxRule, type PbxToTeamsRule, type TeamsTarget } from './rules';
export type { RuleError } from './rule-error';
export { mapTeamsToRouting, mapLineToTeams, ACTIVE_LINE_STATES, MANUAL_LINE_STATES, type RoutingMapping, type TeamsMapping } from './map';
export { decide, isDuplicate, type CoreDecision } from './decide';
export { reconcile, type Reconciliation } from './reconcile';
export { dryRun, type DryRunChange } from './dry-run';
export { createSyncEngine, type SyncEngine, type SyncEngineOptions, type WriteOutcomeInfo, type SubmitResult, type MappingChange, type LineReport } from './engine';
export type { EngineStats } from './engine-stats';
export { aggregatePresence, outranks, preferredPairFor, PREFERRED_PRESENCES, isPreferredPresence } from './aggregation';
export { LINE_ECHOES_OF_ROUTING } from './echo';
export { formatPresence, parsePresence, samePresence } from './presence';
export { describeAction } from './trace-run';
export { SyncError, UnknownPresetError, InvalidPolicyError, EngineStoppedError, PauseNotStoredError } from './errors';
