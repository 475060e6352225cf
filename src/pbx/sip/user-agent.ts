/**
 * The SIP user agent core: sends requests as client transactions, matches answers to them by Via
 * branch and CSeq method, and hands incoming requests (NOTIFY) to one handler, answering
 * retransmissions of a request with the same answer instead of handling it twice. With credentials it answers
 * a digest challenge (401/407) once per request, resending it with the next CSeq and the Authorization.
 */
import type { Scheduler, TimerHandle } from '../../time/clock';
import { ClientTransaction, type TransactionTimers } from './client-transaction';
import { authorizationValue, parseDigestChallenge, type DigestCredentials } from './digest-auth';
import { parseNameAddr } from './name-addr';
import { SipParseError, SipTimeoutError, SipTransportError } from './sip-errors';
import { newBranch } from './sip-ids';
import { headerValue, headerValues, parseCSeq, type SipHeader, type SipRequest, type SipResponse } from './sip-message';
import { parseSipMessage } from './sip-parse';
import { serialiseSipMessage } from './sip-serialise';
import { isReliable, type Remote, type SipConnection, type SipTransport } from './sip-transport';

/** What a request handler answers; the user agent fills in Via, From, To, Call-ID and CSeq. */
export interface ResponseSpec {
  status: number;
  reason: string;
  headers?: SipHeader[];
  /** Added to the To header when the request had no to-tag. */
  toTag?: string;
}

export type RequestHandler = (request: SipRequest, from: Remote) => ResponseSpec;

export interface UserAgentOptions {
  transport: SipTransport;
  scheduler: Scheduler;
  timers: TransactionTimers;
  userAgentName: string;
  /** Called with messages that could not be parsed (for logging); they are otherwise dropped. */
  onBadMessage?: (error: SipParseError, from: Remote) => void;
  /** Digest credentials for a PBX that challenges our requests. */
  credentials?: DigestCredentials;
}

export class SipUserAgent {
  private readonly transactions = new Map<string, ClientTransaction>();
  private readonly answered = new Map<string, { response: Buffer; expiry: TimerHandle }>();
  private handler: RequestHandler = () => ({ status: 501, reason: 'Not Implemented' });
  private closed = false;

  constructor(private readonly options: UserAgentOptions) {
    options.transport.onMessage((data, from, connection) => this.receive(data, from, connection));
  }

  get local(): Remote {
    return this.options.transport.local;
  }

  onRequest(handler: RequestHandler): void {
    this.handler = handler;
  }

  /**
   * Sends `request` to `to` (adding Via, Max-Forwards and User-Agent) and resolves with the final answer. A
   * digest challenge is answered once, with the next CSeq: callers keeping a dialog's CSeq read it from the answer.
   */
  async request(request: SipRequest, to: Remote): Promise<SipResponse> {
    const response = await this.send(request, to);
    const credentials = this.options.credentials;
    if ((response.status !== 401 && response.status !== 407) || !credentials) return response;
    const challenge = parseDigestChallenge(headerValue(response, response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'));
    const cseq = parseCSeq(request);
    if (!challenge || !cseq) return response;
    const authorization = {
      name: response.status === 401 ? 'Authorization' : 'Proxy-Authorization',
      value: authorizationValue(challenge, credentials, request.method, request.uri),
    };
    const headers = request.headers.map((h) => (h.name === 'CSeq' ? { name: 'CSeq', value: `${cseq.seq + 1} ${cseq.method}` } : h));
    return this.send({ ...request, headers: [...headers, authorization] }, to);
  }

  private send(request: SipRequest, to: Remote): Promise<SipResponse> {
    if (this.closed) return Promise.reject(new SipTransportError('The SIP connector is stopped: start it first.'));
    const branch = newBranch();
    const { host, port } = this.local;
    const { protocol } = this.options.transport;
    const message: SipRequest = {
      ...request,
      headers: [
        { name: 'Via', value: `SIP/2.0/${protocol.toUpperCase()} ${host}:${port};branch=${branch};rport${connectionReuse(protocol)}` },
        { name: 'Max-Forwards', value: '70' },
        ...request.headers,
        { name: 'User-Agent', value: this.options.userAgentName },
      ],
    };
    const bytes = serialiseSipMessage(message);
    const key = `${branch}|${request.method}`;
    const transaction = new ClientTransaction(
      () => this.options.transport.send(bytes, to),
      this.options.timers,
      this.options.scheduler,
      { method: request.method, target: `${to.host}:${to.port}`, reliable: isReliable(protocol), protocol: protocol.toUpperCase() },
      () => this.transactions.delete(key),
    );
    this.transactions.set(key, transaction);
    transaction.start();
    // No answer on a connection that looks open: the PBX may be gone without closing it; connect afresh next time.
    transaction.result.catch((error) => {
      if (error instanceof SipTimeoutError) this.options.transport.dropConnection?.(to);
    });
    return transaction.result;
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopped = new SipTransportError('The SIP connector was stopped while a request was under way.');
    for (const transaction of [...this.transactions.values()]) transaction.abort(stopped);
    for (const { expiry } of this.answered.values()) expiry.cancel();
    this.answered.clear();
    await this.options.transport.close();
  }

  private receive(data: Buffer, from: Remote, connection?: SipConnection): void {
    let message;
    try {
      message = parseSipMessage(data);
    } catch (error) {
      if (error instanceof SipParseError) this.options.onBadMessage?.(error, from);
      return;
    }
    if (message.kind === 'response') this.receiveResponse(message);
    else this.receiveRequest(message, from, connection);
  }

  private receiveResponse(response: SipResponse): void {
    const topVia = headerValues(response, 'Via')[0] ?? '';
    const branch = topVia.match(/;\s*branch=([^;\s,]+)/i)?.[1];
    const method = parseCSeq(response)?.method;
    if (!branch || !method) return;
    // Unknown transaction: a late retransmission of an answer we already have; drop it.
    this.transactions.get(`${branch}|${method}`)?.receive(response);
  }

  private receiveRequest(request: SipRequest, from: Remote, connection?: SipConnection): void {
    if (request.method === 'ACK') return; // we never answer INVITEs, so no ACK concerns us
    const topVia = headerValues(request, 'Via')[0] ?? '';
    const key = `${topVia}|${request.method}|${headerValue(request, 'Call-ID')}|${headerValue(request, 'CSeq')}`;
    const previous = this.answered.get(key);
    if (previous) {
      this.answer(previous.response, topVia, from, connection);
      return;
    }
    const spec = this.handler(request, from);
    const response = serialiseSipMessage(buildResponse(request, spec));
    this.answer(response, topVia, from, connection);
    // Keep the answer for retransmissions of the request (Timer J, 64*T1 on UDP).
    const expiry = this.options.scheduler.after(this.options.timers.timeoutMs, () => this.answered.delete(key));
    this.answered.set(key, { response, expiry });
  }

  /** RFC 3261 18.2.2: on the connection the request came on while it is open, else to the Via's address. */
  private answer(response: Buffer, topVia: string, from: Remote, connection?: SipConnection): void {
    if (connection?.write(response)) return;
    // An answer that cannot be sent is not ours to report: the PBX's transaction times out and it sends again.
    this.options.transport.send(response, replyTarget(topVia, from)).catch(() => undefined);
  }
}

/** A PBX that honours `alias` (RFC 5923; Kamailio with tcp_accept_aliases) sends its requests to us on our connection. */
const connectionReuse = (protocol: string) => (protocol === 'udp' ? '' : ';alias');

export function buildResponse(request: SipRequest, spec: ResponseSpec): SipResponse {
  const copy = (name: string) => request.headers.filter((h) => h.name === name);
  const to = headerValue(request, 'To') ?? '';
  const toWithTag = spec.toTag && !parseNameAddr(to).params.tag ? `${to};tag=${spec.toTag}` : to;
  return {
    kind: 'response',
    status: spec.status,
    reason: spec.reason,
    headers: [
      ...copy('Via'),
      ...copy('From'),
      { name: 'To', value: toWithTag },
      ...copy('Call-ID'),
      ...copy('CSeq'),
      ...(spec.headers ?? []),
    ],
    body: '',
  };
}

/** RFC 3261 18.2.2 with RFC 3581 rport: answer to where the request came from. */
function replyTarget(topVia: string, from: Remote): Remote {
  return topVia.includes(';received=') || /;rport(=|;|$)/.test(topVia) ? from : (viaSentBy(topVia) ?? from);
}

function viaSentBy(via: string): Remote | undefined {
  const match = via.match(/^SIP\/2\.0\/[A-Z]+\s+([^:;\s]+)(?::(\d+))?/i);
  return match ? { host: match[1], port: match[2] ? Number(match[2]) : 5060 } : undefined;
}
