/**
 * The connector's health as a small state machine over delivery outcomes, so the status page can say what is
 * wrong: "connected" after a success, "degraded" after a failure, "down" after `downAfterFailures` failed
 * writes in a row or a refused signature repeated as often.
 */
import type { ConnectorHealth, ConnectorStatus } from '../connector';

/**
 * unreachable: network error, timeout, 5xx or 429 after all retries.
 * refused: 401/403, the PBX does not accept our signature (every write will fail the same way).
 * rejected: another 4xx, about this request only; the PBX is up and trusts us.
 */
export type FailureKind = 'unreachable' | 'refused' | 'rejected';

export interface HealthTracker {
  snapshot(): ConnectorHealth;
  started(): void;
  /** Nothing to prove by writing (a line-state-only connector): usable as soon as it is started. */
  ready(detail: string): void;
  stopped(): void;
  succeeded(at: number, detail?: string): void;
  failed(at: number, kind: FailureKind, message: string): void;
  eventReceived(at: number): void;
}

export function createHealthTracker(downAfterFailures: number): HealthTracker {
  let status: ConnectorStatus = 'starting';
  let failuresInARow = 0;
  let lastEventAt: number | undefined;
  let lastSuccessAt: number | undefined;
  let lastError: { at: number; message: string } | undefined;
  let detail: string | undefined;

  return {
    snapshot: () => ({ status, lastEventAt, lastSuccessAt, lastError, detail }),
    started() {
      if (status === 'stopped') status = 'starting';
      detail = undefined;
    },
    ready(readyDetail) {
      if (status !== 'starting') return;
      status = 'connected';
      detail = readyDetail;
    },
    stopped() {
      status = 'stopped';
      detail = 'stopped';
    },
    succeeded(at, successDetail) {
      if (status === 'stopped') return;
      status = 'connected';
      failuresInARow = 0;
      lastSuccessAt = at;
      detail = successDetail;
    },
    failed(at, kind, message) {
      lastError = { at, message };
      if (status === 'stopped') return;
      if (kind === 'rejected') {
        failuresInARow = 0;
        status = 'connected';
        detail = 'the PBX refused the last request (see last error)';
        return;
      }
      failuresInARow += 1;
      status = failuresInARow >= downAfterFailures ? 'down' : 'degraded';
      detail =
        kind === 'refused'
          ? 'the PBX refuses our signature: set the same shared secret on both sides'
          : `${failuresInARow} failed write(s) in a row: the PBX is unreachable or failing`;
    },
    eventReceived(at) {
      lastEventAt = at;
      if (status === 'starting') status = 'connected';
    },
  };
}
