/**
 * How the SIP connector is doing, for the status page and alerts: reachability (OPTIONS pings),
 * subscriptions active out of watched, the last NOTIFY, the last success and the last error.
 *   connected - the PBX answers and every watched extension has an active subscription
 *   degraded  - the PBX answers, but some subscriptions are not active or the last write failed
 *   down      - the PBX does not answer
 */
import type { Clock } from '../../time/clock';
import type { ConnectorHealth, ConnectorStatus } from '../connector';

export class SipHealth {
  private reachable?: boolean;
  private stopped = false;
  private writeFailing = false;
  private lastNotifyAt?: number;
  private lastSuccessAt?: number;
  private lastError?: { at: number; message: string };

  constructor(private readonly clock: Clock) {}

  pbxAnswered(): void {
    this.reachable = true;
    this.lastSuccessAt = this.clock.now();
  }

  pbxSilent(error: Error): void {
    this.reachable = false;
    this.error(error);
  }

  notified(): void {
    this.lastNotifyAt = this.clock.now();
    this.lastSuccessAt = this.lastNotifyAt;
  }

  writeSucceeded(): void {
    this.writeFailing = false;
    this.lastSuccessAt = this.clock.now();
  }

  writeFailed(error: Error): void {
    this.writeFailing = true;
    this.error(error);
  }

  error(error: Error): void {
    this.lastError = { at: this.clock.now(), message: error.message };
  }

  markStarting(): void {
    this.stopped = false;
    this.reachable = undefined;
  }

  markStopped(): void {
    this.stopped = true;
  }

  get isReachable(): boolean | undefined {
    return this.reachable;
  }

  snapshot(subscriptions: { active: number; watched: number }): ConnectorHealth {
    const status = this.status(subscriptions);
    const notify = this.lastNotifyAt ? `last NOTIFY ${new Date(this.lastNotifyAt).toISOString()}` : 'no NOTIFY yet';
    return {
      status,
      lastEventAt: this.lastNotifyAt,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      detail: `${subscriptions.active} of ${subscriptions.watched} subscriptions active; ${notify}`,
    };
  }

  private status({ active, watched }: { active: number; watched: number }): ConnectorStatus {
    if (this.stopped) return 'stopped';
    if (this.reachable === undefined) return 'starting';
    if (!this.reachable) return 'down';
    return active < watched || this.writeFailing ? 'degraded' : 'connected';
  }
}
