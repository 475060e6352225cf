/** A simulator call that makes no sense for the simulated PBX (unknown extension, answering a silent line). */
export class PbxSimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PbxSimulatorError';
  }
}
