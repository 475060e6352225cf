/** The engine that drives the decision: users' states, write queues per side, debounce, trace. I/O only through the ports it is given. */
export { createSyncEngine, type SyncEngine, type SyncEngineOptions, type WriteOutcomeInfo, type SubmitResult, type MappingChange, type LineReport } from './engine';
export type { EngineStats } from './engine-stats';
export { describeAction } from './trace-run';
