/**
 * A non-INVITE client transaction over UDP (RFC 3261 17.1.2), simplified: the request is resent on
 * Timer E (T1, doubling up to T2; T2 once a provisional answer came) until a final answer arrives or
 * Timer F (64*T1 by default) gives up. Stray retransmitted answers are ignored by the caller.
 */
import type { Scheduler, TimerHandle } from '../../sync/ports';
import { SipTimeoutError } from './sip-errors';
import type { SipResponse } from './sip-message';

export interface TransactionTimers {
  t1Ms: number;
  t2Ms: number;
  timeoutMs: number;
}

export class ClientTransaction {
  private retransmitTimer?: TimerHandle;
  private timeoutTimer?: TimerHandle;
  private intervalMs: number;
  private provisionalSeen = false;
  private settled = false;
  readonly result: Promise<SipResponse>;
  private resolve!: (response: SipResponse) => void;
  private reject!: (error: Error) => void;

  constructor(
    private readonly send: () => void,
    private readonly timers: TransactionTimers,
    private readonly scheduler: Scheduler,
    private readonly describe: { method: string; target: string },
    private readonly onDone: () => void,
  ) {
    this.intervalMs = timers.t1Ms;
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  start(): void {
    this.send();
    this.scheduleRetransmit();
    this.timeoutTimer = this.scheduler.after(this.timers.timeoutMs, () =>
      this.finish(() => this.reject(new SipTimeoutError(this.describe.method, this.describe.target, this.timers.timeoutMs))),
    );
  }

  receive(response: SipResponse): void {
    if (this.settled) return;
    if (response.status < 200) {
      this.provisionalSeen = true;
      return;
    }
    this.finish(() => this.resolve(response));
  }

  abort(error: Error): void {
    this.finish(() => this.reject(error));
  }

  private scheduleRetransmit(): void {
    this.retransmitTimer = this.scheduler.after(this.intervalMs, () => {
      if (this.settled) return;
      this.send();
      this.intervalMs = this.provisionalSeen ? this.timers.t2Ms : Math.min(this.intervalMs * 2, this.timers.t2Ms);
      this.scheduleRetransmit();
    });
  }

  private finish(settle: () => void): void {
    if (this.settled) return;
    this.settled = true;
    this.retransmitTimer?.cancel();
    this.timeoutTimer?.cancel();
    this.onDone();
    settle();
  }
}
