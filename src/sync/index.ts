/** The whole core: the shared vocabulary, the pure decision and the engine. New code imports './decision' or './engine'. */
export * from './states';
export type * from './types';
export type * from './ports';
export * from './decision';
export * from './engine';
export type { RuleError } from './rule-error';
export { SyncError, UnknownPresetError, InvalidPolicyError, EngineStoppedError, PauseNotStoredError } from './errors';
