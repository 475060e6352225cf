/** Builders for the SIP messages a PBX sends, for tests that hand the connector's parts a fake UA. */
import type { SipHeader, SipRequest, SipResponse } from '../../../src/pbx/sip/sip-message';
import { headerValue } from '../../../src/pbx/sip/sip-message';

export function answer(status: number, headers: Record<string, string> = {}, reason = status < 300 ? 'OK' : 'Failed'): SipResponse {
  return { kind: 'response', status, reason, headers: Object.entries(headers).map(([name, value]) => ({ name, value })), body: '' };
}

export function notify(to: SipRequest, options: { state: string; body?: string; fromTag?: string }): SipRequest {
  const headers: SipHeader[] = [
    { name: 'From', value: `<sip:1002@pbx>;tag=${options.fromTag ?? 'pbx-tag'}` },
    { name: 'To', value: headerValue(to, 'From')! },
    { name: 'Call-ID', value: headerValue(to, 'Call-ID')! },
    { name: 'CSeq', value: '1 NOTIFY' },
    { name: 'Event', value: 'dialog' },
    { name: 'Subscription-State', value: options.state },
    { name: 'Contact', value: '<sip:pbx:5060>' },
  ];
  if (options.body) headers.push({ name: 'Content-Type', value: 'application/dialog-info+xml' });
  return { kind: 'request', method: 'NOTIFY', uri: 'sip:pb@us', headers, body: options.body ?? '' };
}

export const dialogInfo = (version: number, state: string) =>
  `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:1002@pbx">` +
  (state === 'none' ? '' : `<dialog id="d1"><state>${state}</state></dialog>`) +
  '</dialog-info>';

/** A fake user agent: records requests and answers each with the next scripted answer (or an error). */
export class ScriptedUa {
  readonly sent: SipRequest[] = [];
  private script: ((request: SipRequest) => SipResponse | Error)[] = [];

  then(...answers: ((request: SipRequest) => SipResponse | Error)[]): this {
    this.script.push(...answers);
    return this;
  }

  request = (request: SipRequest): Promise<SipResponse> => {
    this.sent.push(request);
    const next = this.script.shift();
    if (!next) return new Promise(() => undefined); // never answered
    const result = next(request);
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
  };

  last(): SipRequest {
    return this.sent[this.sent.length - 1];
  }
}
