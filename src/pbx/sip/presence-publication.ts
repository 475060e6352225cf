/**
 * The routing state of one extension as a PIDF publication (RFC 3903): the first PUBLISH carries the
 * document; the PBX's SIP-ETag is kept and the publication refreshed with SIP-If-Match (no body)
 * before it expires; a change is sent with SIP-If-Match and the new document; `Expires: 0` removes
 * it. A 412 (the PBX lost our ETag, e.g. after a restart) is answered by publishing afresh.
 */
import type { RoutingState } from '../../sync/states';
import type { Scheduler, TimerHandle } from '../../time/clock';
import { buildPidf, PIDF_CONTENT_TYPE } from './pidf';
import { backoffDelayMs } from '../../backoff';
import { extensionUri, refreshDelayMs, type RetryPolicy, type SipEndpoint } from './sip-endpoint';
import { SipRequestFailedError } from './sip-errors';
import { newCallId, newTag } from './sip-ids';
import { headerValue, type SipHeader, type SipRequest } from './sip-message';
import type { SipUserAgent } from './user-agent';

export interface PublicationOptions {
  ua: Pick<SipUserAgent, 'request'>;
  endpoint: SipEndpoint;
  expiresSec: number;
  retry: RetryPolicy;
  scheduler: Scheduler;
  onError(extension: string, error: Error): void;
  onSuccess(extension: string): void;
}

export class PresencePublication {
  private etag?: string;
  private timer?: TimerHandle;
  private _state?: RoutingState;
  private failures = 0;
  /** One request at a time per publication: the ETag of one answer feeds the next request. */
  private queue: Promise<unknown> = Promise.resolve();
  private expiresSec: number;

  constructor(
    readonly extension: string,
    private readonly options: PublicationOptions,
  ) {
    this.expiresSec = options.expiresSec;
  }

  /** The routing state last published (undefined when none or removed). */
  get state(): RoutingState | undefined {
    return this._state;
  }

  /** Publishes `state`; rejects with the PBX's refusal or a timeout. */
  publish(state: RoutingState): Promise<void> {
    return this.enqueue(async () => {
      this._state = state;
      await this.send('document');
    });
  }

  /** Publishes the current state again from scratch (the PBX lost it, e.g. after a restart). */
  republish(): Promise<void> {
    return this.enqueue(async () => {
      if (!this._state) return;
      this.etag = undefined;
      await this.send('document');
    });
  }

  /** Removes the publication at the PBX (Expires: 0). */
  remove(): Promise<void> {
    return this.enqueue(async () => {
      this.timer?.cancel();
      this._state = undefined;
      const etag = this.etag;
      this.etag = undefined;
      if (!etag) return;
      const response = await this.options.ua.request(this.build({ etag, expires: 0 }), this.options.endpoint.pbx);
      // 412: the PBX no longer has it, which is what we wanted.
      if (response.status >= 300 && response.status !== 412) {
        throw new SipRequestFailedError('PUBLISH (remove)', response.status, response.reason);
      }
    });
  }

  /** Stops refreshing (the publication then expires at the PBX by itself). */
  cancelTimers(): void {
    this.timer?.cancel();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async send(kind: 'document' | 'refresh'): Promise<void> {
    const state = this._state;
    if (!state) return;
    const body = kind === 'document' ? buildPidf(extensionUri(this.options.endpoint, this.extension), state) : undefined;
    let response;
    try {
      response = await this.options.ua.request(this.build({ etag: this.etag, expires: this.expiresSec, body }), this.options.endpoint.pbx);
    } catch (error) {
      this.failed(error as Error);
      throw error;
    }
    if (response.status === 412 && this.etag) {
      this.etag = undefined; // the PBX forgot it: start over with the whole document
      return this.send('document');
    }
    if (response.status === 423) {
      const minimum = Number(headerValue(response, 'Min-Expires'));
      if (Number.isFinite(minimum) && minimum > this.expiresSec) {
        this.expiresSec = minimum;
        return this.send('document');
      }
    }
    if (response.status < 200 || response.status >= 300) {
      const error = new SipRequestFailedError(
        'PUBLISH',
        response.status,
        response.reason,
        response.status === 489
          ? 'The PBX does not accept presence PUBLISH: enable its presence server or use the routing flag'
          : undefined,
      );
      this.failed(error);
      throw error;
    }
    this.etag = headerValue(response, 'SIP-ETag') ?? this.etag;
    const granted = Number(headerValue(response, 'Expires'));
    this.failures = 0;
    this.options.onSuccess(this.extension);
    this.scheduleRefresh(Number.isFinite(granted) && granted > 0 ? granted : this.expiresSec);
  }

  private scheduleRefresh(expiresSec: number): void {
    this.timer?.cancel();
    this.timer = this.options.scheduler.after(refreshDelayMs(expiresSec), () => {
      void this.enqueue(() => this.send(this.etag ? 'refresh' : 'document')).catch(() => undefined);
    });
  }

  /** A failed refresh is retried with back-off, so a PBX that comes back gets our state again. */
  private failed(error: Error): void {
    this.failures++;
    this.options.onError(this.extension, error);
    this.timer?.cancel();
    this.timer = this.options.scheduler.after(backoffDelayMs(this.failures, this.options.retry), () => {
      void this.enqueue(() => this.send('document')).catch(() => undefined);
    });
  }

  private build(parts: { etag?: string; expires: number; body?: string }): SipRequest {
    const { endpoint } = this.options;
    const target = extensionUri(endpoint, this.extension);
    const headers: SipHeader[] = [
      { name: 'From', value: `<${endpoint.identityUri}>;tag=${newTag()}` },
      { name: 'To', value: `<${target}>` },
      { name: 'Call-ID', value: newCallId(endpoint.domain) },
      { name: 'CSeq', value: '1 PUBLISH' },
      { name: 'Event', value: 'presence' },
      { name: 'Expires', value: String(parts.expires) },
      ...(parts.etag ? [{ name: 'SIP-If-Match', value: parts.etag }] : []),
      ...(parts.body ? [{ name: 'Content-Type', value: PIDF_CONTENT_TYPE }] : []),
    ];
    return { kind: 'request', method: 'PUBLISH', uri: target, headers, body: parts.body ?? '' };
  }
}
