/**
 * One `Event: dialog` subscription (RFC 6665 + RFC 4235) for one extension, kept alive for as long
 * as the extension is watched: refreshed before it expires, and started afresh (new Call-ID) after a
 * 481, a `Subscription-State: terminated`, a timeout or any other failure (with back-off), or when
 * the connector says the PBX came back. Each NOTIFY's dialog-info updates a DialogBook and the
 * aggregated line state is handed on.
 */
import type { LineState } from '../../sync/states';
import type { Scheduler, TimerHandle } from '../../time/clock';
import { parseDialogInfo } from './dialog-info';
import { DialogBook } from './line-state-aggregate';
import { parseNameAddr, parseValueWithParams } from './name-addr';
import { backoffDelayMs } from '../../backoff';
import { extensionUri, refreshDelayMs, type RetryPolicy, type SipEndpoint } from './sip-endpoint';
import { SipRequestFailedError } from './sip-errors';
import { newCallId, newTag } from './sip-ids';
import { headerValue, headerValues, parseCSeq, type SipHeader, type SipRequest, type SipResponse } from './sip-message';
import type { ResponseSpec, SipUserAgent } from './user-agent';

export type SubscriptionStatus = 'pending' | 'active' | 'retrying' | 'stopped';

export interface SubscriptionEvents {
  /** Every NOTIFY's aggregated state; `first` is true for the first NOTIFY of a new subscription. */
  onLineState(extension: string, state: LineState, first: boolean): void;
  onNotify(extension: string): void;
  onError(extension: string, error: Error): void;
  onStatus(extension: string, status: SubscriptionStatus): void;
}

export interface SubscriptionOptions {
  ua: Pick<SipUserAgent, 'request'>;
  endpoint: SipEndpoint;
  expiresSec: number;
  retry: RetryPolicy;
  scheduler: Scheduler;
  events: SubscriptionEvents;
}

interface DialogState {
  callId: string;
  localTag: string;
  remoteTag?: string;
  remoteTarget?: string;
  routeSet: string[];
  cseq: number;
  book: DialogBook;
  notified: boolean;
}

export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';

export class DialogSubscription {
  private _status: SubscriptionStatus = 'pending';
  private dialog?: DialogState;
  private timer?: TimerHandle;
  private failures = 0;
  /** Bumped on every fresh start and on stop, so late answers for an old subscription are ignored. */
  private generation = 0;
  private expiresSec: number;

  constructor(
    readonly extension: string,
    private readonly options: SubscriptionOptions,
  ) {
    this.expiresSec = options.expiresSec;
  }

  get status(): SubscriptionStatus {
    return this._status;
  }

  owns(callId: string): boolean {
    return this.dialog?.callId === callId;
  }

  start(): void {
    this.subscribeFresh();
  }

  /** Drop the current subscription and start a new one now (e.g. the PBX was restarted). */
  restart(): void {
    if (this._status === 'stopped') return;
    this.subscribeFresh();
  }

  /** Ends the subscription at the PBX (Expires: 0), best effort. */
  async stop(): Promise<void> {
    const wasActive = this._status === 'active';
    this.generation++;
    this.timer?.cancel();
    this.setStatus('stopped');
    if (wasActive && this.dialog) {
      await this.options.ua.request(this.buildSubscribe(this.dialog, 0), this.options.endpoint.pbx).catch(() => undefined);
    }
  }

  handleNotify(request: SipRequest): ResponseSpec {
    const dialog = this.dialog;
    const state = parseValueWithParams(headerValue(request, 'Subscription-State') ?? '');
    if (!dialog || this._status === 'stopped') {
      return state.value === 'terminated' ? ok() : { status: 481, reason: 'Subscription Does Not Exist' };
    }
    const fromTag = parseNameAddr(headerValue(request, 'From') ?? '').params.tag;
    if (dialog.remoteTag && fromTag && fromTag !== dialog.remoteTag) {
      return { status: 481, reason: 'Subscription Does Not Exist' };
    }
    dialog.remoteTag ??= fromTag;
    const contact = headerValue(request, 'Contact');
    if (contact && !dialog.remoteTarget) dialog.remoteTarget = parseNameAddr(contact).uri;

    this.options.events.onNotify(this.extension);
    this.readBody(request, dialog);

    if (state.value === 'terminated') this.afterTerminated(state.params);
    return ok();
  }

  private readBody(request: SipRequest, dialog: DialogState): void {
    const type = (headerValue(request, 'Content-Type') ?? '').split(';')[0].trim().toLowerCase();
    if (!request.body.trim()) {
      // Kamailio's first NOTIFY has no body while nobody published dialogs for the extension: no
      // dialogs, so the line is idle. Later empty NOTIFYs (e.g. a final one) change nothing.
      if (!dialog.notified) {
        dialog.notified = true;
        this.options.events.onLineState(this.extension, dialog.book.lineState(), true);
      }
      return;
    }
    if (type !== DIALOG_INFO_TYPE) return;
    try {
      if (!dialog.book.apply(parseDialogInfo(request.body))) return;
    } catch (error) {
      this.options.events.onError(this.extension, error as Error);
      return;
    }
    const first = !dialog.notified;
    dialog.notified = true;
    this.options.events.onLineState(this.extension, dialog.book.lineState(), first);
  }

  /** RFC 6665 4.1.3: deactivated/timeout -> subscribe again now; probation/giveup -> after Retry-After. */
  private afterTerminated(params: Record<string, string>): void {
    const generation = this.generation;
    const retryAfterMs = params['retry-after'] ? Number(params['retry-after']) * 1000 : undefined;
    const reason = params.reason ?? '';
    if (reason === 'deactivated' || reason === 'timeout' || reason === '') {
      this.setStatus('pending');
      this.schedule(retryAfterMs ?? 0, generation);
      return;
    }
    this.failures++;
    this.options.events.onError(this.extension, new Error(`The PBX ended the dialog subscription for ${this.extension} (${reason}).`));
    this.setStatus('retrying');
    this.schedule(retryAfterMs ?? backoffDelayMs(this.failures, this.options.retry), generation);
  }

  private schedule(delayMs: number, generation: number): void {
    this.timer?.cancel();
    this.timer = this.options.scheduler.after(delayMs, () => {
      if (generation === this.generation) this.subscribeFresh();
    });
  }

  private subscribeFresh(): void {
    this.timer?.cancel();
    this.generation++;
    this.dialog = {
      callId: newCallId(this.options.endpoint.domain),
      localTag: newTag(),
      routeSet: [],
      cseq: 0,
      book: new DialogBook(),
      notified: false,
    };
    if (this._status !== 'retrying') this.setStatus('pending');
    void this.sendSubscribe(true);
  }

  private async sendSubscribe(initial: boolean): Promise<void> {
    const generation = this.generation;
    const dialog = this.dialog!;
    let response: SipResponse;
    try {
      response = await this.options.ua.request(this.buildSubscribe(dialog, this.expiresSec), this.options.endpoint.pbx);
    } catch (error) {
      if (generation === this.generation) this.fail(error as Error);
      return;
    }
    if (generation !== this.generation) return;
    // An answered digest challenge sent the request again with the next CSeq: go on from there.
    dialog.cseq = Math.max(dialog.cseq, parseCSeq(response)?.seq ?? 0);

    if (response.status >= 200 && response.status < 300) {
      this.accept(dialog, response, initial);
      return;
    }
    if (response.status === 423) {
      const minimum = Number(headerValue(response, 'Min-Expires'));
      if (Number.isFinite(minimum) && minimum > this.expiresSec) this.expiresSec = minimum;
    }
    if (response.status === 481 && !initial) {
      this.subscribeFresh(); // the PBX forgot us (restart, expiry): a new subscription, now
      return;
    }
    this.fail(new SipRequestFailedError('SUBSCRIBE', response.status, response.reason, hintFor(response.status, this.extension)));
  }

  private accept(dialog: DialogState, response: SipResponse, initial: boolean): void {
    if (initial) {
      dialog.remoteTag ??= parseNameAddr(headerValue(response, 'To') ?? '').params.tag;
      const contact = headerValue(response, 'Contact');
      if (contact) dialog.remoteTarget = parseNameAddr(contact).uri;
      dialog.routeSet = headerValues(response, 'Record-Route').reverse();
    }
    const granted = Number(headerValue(response, 'Expires'));
    const expires = Number.isFinite(granted) && granted > 0 ? granted : this.expiresSec;
    this.failures = 0;
    this.setStatus('active');
    const generation = this.generation;
    this.timer?.cancel();
    this.timer = this.options.scheduler.after(refreshDelayMs(expires), () => {
      if (generation === this.generation) void this.sendSubscribe(false);
    });
  }

  private fail(error: Error): void {
    this.failures++;
    this.options.events.onError(this.extension, error);
    this.setStatus('retrying');
    this.schedule(backoffDelayMs(this.failures, this.options.retry), this.generation);
  }

  private setStatus(status: SubscriptionStatus): void {
    if (this._status === status) return;
    this._status = status;
    this.options.events.onStatus(this.extension, status);
  }

  private buildSubscribe(dialog: DialogState, expires: number): SipRequest {
    const { endpoint } = this.options;
    const target = extensionUri(endpoint, this.extension);
    const inDialog = dialog.remoteTag !== undefined;
    dialog.cseq++;
    const headers: SipHeader[] = [
      ...(inDialog ? dialog.routeSet.map((value) => ({ name: 'Route', value })) : []),
      { name: 'From', value: `<${endpoint.identityUri}>;tag=${dialog.localTag}` },
      { name: 'To', value: inDialog ? `<${target}>;tag=${dialog.remoteTag}` : `<${target}>` },
      { name: 'Call-ID', value: dialog.callId },
      { name: 'CSeq', value: `${dialog.cseq} SUBSCRIBE` },
      { name: 'Contact', value: `<${endpoint.contactUri}>` },
      { name: 'Event', value: 'dialog' },
      { name: 'Accept', value: DIALOG_INFO_TYPE },
      { name: 'Expires', value: String(expires) },
    ];
    const uri = inDialog && dialog.remoteTarget ? dialog.remoteTarget : target;
    return { kind: 'request', method: 'SUBSCRIBE', uri, headers, body: '' };
  }
}

const ok = (): ResponseSpec => ({ status: 200, reason: 'OK' });

function hintFor(status: number, extension: string): string | undefined {
  if (status === 404) return `Extension ${extension} is unknown to the PBX: check the mapping`;
  if (status === 401 || status === 407)
    return 'The PBX wants authentication: set PB_PBX_USERNAME and PB_PBX_PASSWORD (SIP digest), check them if they are set, or allow our address to subscribe';
  if (status === 489) return 'The PBX does not offer the dialog event package (BLF): enable it, e.g. hints in Asterisk';
  return undefined;
}
