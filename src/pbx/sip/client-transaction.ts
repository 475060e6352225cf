/**
 * A non-INVITE client transaction (RFC 3261 17.1.2), simplified: over UDP the request is resent on
 * Timer E (T1, doubling up to T2; T2 once a provisional answer came) until a final answer arrives or
 * Timer F (64*T1 by default) gives up. Over a reliable transport (TCP) it is sent once, Timer F still
 * applies (17.1.2.2), and a request that cannot be sent at all (no connection) fails at once.
 * Stray retransmitted answers are ignored by the caller.
 */
import type { Scheduler, TimerHandle } from '../../time/clock';
import { SipTimeoutError } from './sip-errors';
import type { SipResponse } from './sip-message';

export interface TransactionTimers {
  t1Ms: number;
  t2Ms: number;
  timeoutMs: number;
}

export interface TransactionTarget {
  method: string;
  /** "host:port", for messages. */
  target: string;
  /** TCP: no retransmissions. */
  reliable?: boolean;
  /** "UDP", "TCP": named in the timeout's message. */
  protocol?: string;
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
    private readonly send: () => Promise<void>,
    private readonly timers: TransactionTimers,
    private readonly scheduler: Scheduler,
    private readonly describe: TransactionTarget,
    private readonly onDone: () => void,
  ) {
    this.intervalMs = timers.t1Ms;
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  start(): void {
    this.transmit();
    if (!this.describe.reliable) this.scheduleRetransmit();
    const { method, target, protocol } = this.describe;
    this.timeoutTimer = this.scheduler.after(this.timers.timeoutMs, () =>
      this.finish(() => this.reject(new SipTimeoutError(method, target, this.timers.timeoutMs, protocol))),
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
      this.transmit();
      this.intervalMs = this.provisionalSeen ? this.timers.t2Ms : Math.min(this.intervalMs * 2, this.timers.t2Ms);
      this.scheduleRetransmit();
    });
  }

  /** RFC 3261 8.1.3.1: a transport error ends the transaction (like a 503), without waiting for Timer F. */
  private transmit(): void {
    this.send().catch((error: Error) => this.abort(error));
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
