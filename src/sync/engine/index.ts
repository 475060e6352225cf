/** The engine that drives the decision: users' states, write queues per side, debounce, trace. I/O only through the ports it is given. */
export { createSyncEngine } from './engine';
export type { SyncEngine, SyncEngineOptions, WriteOutcomeInfo, SubmitResult, MappingChange, LineReport } from './sync-engine';
export type { EngineStats } from './engine-stats';
export { describeAction } from './trace-run';
