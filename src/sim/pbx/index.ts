export {
  startPbxSimulator,
  echoedLineState,
  type PbxSimulator,
  type PbxSimulatorOptions,
  type PbxSimStats,
  type LineChange,
} from './pbx-simulator';
export type { PbxFault } from './sim-faults';
export type { LineEventDelivery } from './line-event-sender';
export type { RoutingRecord, LineRecord, ExtensionState } from './sim-lines';
export { PbxSimulatorError } from './errors';
