/** Ways the simulated PBX misbehaves, switched on and off by tests and the demo. */
export type PbxFault =
  | { kind: 'none' }
  /** Connections are cut as they arrive: the client sees a network error. */
  | { kind: 'down' }
  /** Every answer comes `delayMs` late (longer than the client's timeout: a timeout). */
  | { kind: 'slow'; delayMs: number }
  /** Answer `status` (500, 503, 429...) instead of handling; `times` then back to normal (default: until changed). */
  | { kind: 'error'; status: number; times?: number; retryAfterSeconds?: number };

export interface FaultSwitch {
  current(): PbxFault;
  set(fault: PbxFault): void;
  /** The fault that applies to the request arriving now (counts down `times`). */
  take(): PbxFault;
}

export function createFaultSwitch(): FaultSwitch {
  let fault: PbxFault = { kind: 'none' };
  let remaining = Infinity;
  return {
    current: () => fault,
    set(next) {
      fault = next;
      remaining = next.kind === 'error' && next.times !== undefined ? next.times : Infinity;
    },
    take() {
      const applied = fault;
      if (applied.kind === 'error') {
        remaining -= 1;
        if (remaining <= 0) fault = { kind: 'none' };
      }
      return applied;
    },
  };
}
