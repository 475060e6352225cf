/**
 * The SIP connector: line state out through `Event: dialog` subscriptions (one per watched extension),
 * routing state in through PIDF PUBLISH (and optionally a Kamailio htable flag over JSON-RPC), health
 * from OPTIONS pings. Works with any SIP PBX that offers the dialog package and accepts PUBLISH;
 * tested against Kamailio (test/pbx/kamailio). It translates protocols only: no sync decisions here.
 */
import type { Logger } from 'pino';
import type { RoutingState, LineState } from '../../sync/states';
import type { Clock, Scheduler } from '../../time/clock';
import {
  ConnectorError,
  type ConnectionTestResult,
  type ConnectorCapabilities,
  type ConnectorHealth,
  type LineStateReport,
  type PbxConnector,
} from '../connector';
import { DialogSubscription, type SubscriptionEvents } from './dialog-subscription';
import { HtableRoutingFlag } from './htable-routing-flag';
import { describeAnswer, buildOptions, PbxKeepalive } from './pbx-keepalive';
import { PresencePublication } from './presence-publication';
import { realClock, realScheduler } from '../../time/real-time';
import type { RetryPolicy, SipEndpoint } from './sip-endpoint';
import { SipRequestFailedError, SipTimeoutError } from './sip-errors';
import { SipHealth } from './sip-health';
import { headerValue, type SipRequest } from './sip-message';
import { parseSipConnectorSettings, type SipConnectorSettings } from './sip-settings';
import { openSipTransport } from './open-sip-transport';
import type { SipTransport } from './sip-transport';
import type { OutboundGuard } from '../outbound-guard';
import { findingOf } from '../connection-finding';
import { SipUserAgent, type ResponseSpec } from './user-agent';

export interface SipConnectorDeps {
  scheduler?: Scheduler;
  clock?: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  fetch?: typeof fetch;
  /** A tenant admin's PBX address: every destination is judged by the outbound address policy. */
  outbound?: OutboundGuard;
  /** Replaces the transport the settings name (tests). */
  openTransport?: (address: string, port: number) => Promise<SipTransport>;
}

/** A SIP user part we are willing to put in a URI. */
const EXTENSION_PATTERN = /^[\w.!~*'()+#-]+$/;

export class SipConnector implements PbxConnector {
  readonly kind = 'sip';
  readonly settings: SipConnectorSettings;
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly healthTracker: SipHealth;
  private readonly retry: RetryPolicy;
  private readonly htable?: HtableRoutingFlag;
  private ua?: SipUserAgent;
  private endpoint?: SipEndpoint;
  private keepalive?: PbxKeepalive;
  private onLineState?: (report: LineStateReport) => void;
  private watched = new Set<string>();
  private readonly subscriptions = new Map<string, DialogSubscription>();
  private readonly publications = new Map<string, PresencePublication>();
  private readonly flags = new Map<string, RoutingState>();
  private readonly reported = new Map<string, { state: LineState; at: number }>();
  /** Callers of presentLineStates waiting for every subscription's first NOTIFY. */
  private firstReportWaiters: (() => void)[] = [];

  constructor(
    settings: unknown,
    private readonly deps: SipConnectorDeps = {},
  ) {
    this.settings = parseSipConnectorSettings(settings);
    this.scheduler = deps.scheduler ?? realScheduler;
    this.clock = deps.clock ?? realClock;
    this.healthTracker = new SipHealth(this.clock);
    this.retry = { baseDelayMs: this.settings.retryBaseMs, maxDelayMs: this.settings.retryMaxMs, jitter: 'none' };
    if (this.settings.htableFlag) this.htable = new HtableRoutingFlag(this.settings.htableFlag, deps.fetch);
  }

  capabilities(): ConnectorCapabilities {
    // A PUBLISH expires unless refreshed: after a restart our routing has to be published again.
    return { lineStateOut: true, routingIn: true, listUsers: false, routingLapses: this.settings.publishPresence };
  }

  async start(onLineState: (report: LineStateReport) => void): Promise<void> {
    if (this.ua) return;
    this.onLineState = onLineState;
    const s = this.settings;
    const transport = await this.openTransport(s.localPort);
    this.ua = new SipUserAgent({
      transport,
      scheduler: this.scheduler,
      timers: { t1Ms: s.t1Ms, t2Ms: s.t2Ms, timeoutMs: s.transactionTimeoutMs },
      userAgentName: s.userAgentName,
      credentials: s.auth,
      onBadMessage: (error, from) => this.log('debug', { from, err: error.message }, 'unreadable SIP message dropped'),
    });
    this.ua.onRequest((request) => this.route(request));
    this.endpoint = endpointFor(s, transport);
    this.healthTracker.markStarting();
    this.keepalive = new PbxKeepalive(this.ua, this.endpoint, s.keepaliveIntervalMs, this.scheduler, {
      onAnswer: () => this.healthTracker.pbxAnswered(),
      onSilence: (error) => {
        if (this.healthTracker.isReachable !== false) this.log('warn', { err: error.message }, 'PBX stopped answering');
        this.healthTracker.pbxSilent(error);
      },
      onBack: () => this.pbxCameBack(),
    });
    this.keepalive.start();
    for (const extension of this.watched) this.subscribe(extension);
    this.log(
      'info',
      { contact: this.endpoint.contactUri, pbx: `${s.pbxHost}:${s.pbxPort}`, transport: s.transport },
      'SIP connector started',
    );
  }

  /**
   * The present line states arrive with each subscription's first NOTIFY, through `onLineState`: this
   * resolves, with nothing more to report, once every watched extension has had its first. A refused
   * subscription never has one: the caller bounds the wait.
   */
  presentLineStates(): Promise<LineStateReport[]> {
    if (this.allReportedOnce()) return Promise.resolve([]);
    return new Promise((resolve) => this.firstReportWaiters.push(() => resolve([])));
  }

  async stop(): Promise<void> {
    this.releaseFirstReportWaiters();
    const ua = this.ua;
    if (!ua) return;
    this.keepalive?.stop();
    const endings: Promise<unknown>[] = [...this.subscriptions.values()].map((sub) => sub.stop());
    for (const publication of this.publications.values()) {
      publication.cancelTimers();
      if (this.settings.removePublicationsOnStop) endings.push(publication.remove().catch(() => undefined));
    }
    await Promise.all(endings);
    this.subscriptions.clear();
    this.publications.clear();
    this.ua = undefined;
    await ua.close();
    this.healthTracker.markStopped();
    this.log('info', {}, 'SIP connector stopped');
  }

  async watch(extensions: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    for (const extension of extensions) {
      if (EXTENSION_PATTERN.test(extension)) wanted.add(extension);
      else this.healthTracker.error(new ConnectorError(`Extension "${extension}" cannot be used in a SIP URI: it is not watched.`, false));
    }
    const stopping = [...this.subscriptions.keys()]
      .filter((extension) => !wanted.has(extension))
      .map((extension) => {
        const subscription = this.subscriptions.get(extension)!;
        this.subscriptions.delete(extension);
        this.reported.delete(extension);
        return subscription.stop();
      });
    this.watched = wanted;
    if (this.allReportedOnce()) this.releaseFirstReportWaiters();
    if (this.ua) for (const extension of wanted) if (!this.subscriptions.has(extension)) this.subscribe(extension);
    await Promise.all(stopping);
  }

  async applyRouting(extension: string, state: RoutingState): Promise<void> {
    this.requireStarted('apply a routing state');
    if (!EXTENSION_PATTERN.test(extension)) throw new ConnectorError(`Extension "${extension}" cannot be used in a SIP URI.`, false);
    try {
      if (this.settings.publishPresence) await this.publication(extension).publish(state);
      if (this.htable) {
        this.flags.set(extension, state);
        await this.htable.set(extension, state);
      }
      this.healthTracker.writeSucceeded();
    } catch (error) {
      this.healthTracker.writeFailed(error as Error);
      throw toConnectorError(error, `Could not set ${extension} to ${state} on the PBX`);
    }
  }

  /** Withdraws our routing state for an extension (PUBLISH Expires: 0; flag back to available). */
  async clearRouting(extension: string): Promise<void> {
    this.requireStarted('clear a routing state');
    try {
      await this.publications.get(extension)?.remove();
      this.publications.delete(extension);
      if (this.htable && this.flags.has(extension)) {
        this.flags.delete(extension);
        await this.htable.set(extension, 'available');
      }
      this.healthTracker.writeSucceeded();
    } catch (error) {
      this.healthTracker.writeFailed(error as Error);
      throw toConnectorError(error, `Could not clear the routing state of ${extension} on the PBX`);
    }
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const s = this.settings;
    const target = `${s.pbxHost}:${s.pbxPort}`;
    let ua = this.ua;
    let endpoint = this.endpoint;
    let temporary: SipUserAgent | undefined;
    try {
      if (!ua || !endpoint) {
        const transport = await this.openTransport(0);
        temporary = new SipUserAgent({
          transport,
          scheduler: this.scheduler,
          timers: { t1Ms: s.t1Ms, t2Ms: s.t2Ms, timeoutMs: s.transactionTimeoutMs },
          userAgentName: s.userAgentName,
          credentials: s.auth,
        });
        ua = temporary;
        endpoint = endpointFor(s, transport);
      }
      const started = this.clock.now();
      const response = await ua.request(buildOptions(endpoint), endpoint.pbx);
      const ms = this.clock.now() - started;
      return { ok: true, message: `The PBX at ${target} answered OPTIONS: ${describeAnswer(response)} in ${ms} ms.` };
    } catch (error) {
      return { ok: false, message: (error as Error).message, finding: findingOf(error) };
    } finally {
      await temporary?.close();
    }
  }

  health(): ConnectorHealth {
    const active = [...this.subscriptions.values()].filter((s) => s.status === 'active').length;
    return this.healthTracker.snapshot({ active, watched: this.watched.size });
  }

  private subscribe(extension: string): void {
    const subscription = new DialogSubscription(extension, {
      ua: this.ua!,
      endpoint: this.endpoint!,
      expiresSec: this.settings.subscribeExpiresSec,
      retry: this.retry,
      scheduler: this.scheduler,
      events: this.subscriptionEvents,
    });
    this.subscriptions.set(extension, subscription);
    subscription.start();
  }

  private readonly subscriptionEvents: SubscriptionEvents = {
    onLineState: (extension, state, first) => this.report(extension, state, first),
    onNotify: () => this.healthTracker.notified(),
    onError: (extension, error) => {
      this.healthTracker.error(error);
      this.log('warn', { extension, err: error.message }, 'dialog subscription problem');
    },
    onStatus: (extension, status) => this.log('debug', { extension, status }, 'dialog subscription status'),
  };

  /** Reports a change, and the first state of every new subscription (the PBX may have restarted). */
  private report(extension: string, state: LineState, first: boolean): void {
    if (!this.subscriptions.has(extension)) return;
    const previous = this.reported.get(extension);
    if (!first && previous?.state === state) return;
    // `at` orders the events of one extension, so it must grow even within one millisecond.
    const at = Math.max(this.clock.now(), (previous?.at ?? 0) + 1);
    this.reported.set(extension, { state, at });
    this.onLineState?.({ extension, state, at });
    if (first && this.firstReportWaiters.length > 0 && this.allReportedOnce()) this.releaseFirstReportWaiters();
  }

  private allReportedOnce(): boolean {
    for (const extension of this.watched) if (!this.reported.has(extension)) return false;
    return true;
  }

  private releaseFirstReportWaiters(): void {
    for (const release of this.firstReportWaiters.splice(0)) release();
  }

  private route(request: SipRequest): ResponseSpec {
    if (request.method === 'OPTIONS') return { status: 200, reason: 'OK', headers: [{ name: 'Allow', value: 'NOTIFY, OPTIONS' }] };
    if (request.method !== 'NOTIFY') {
      return { status: 405, reason: 'Method Not Allowed', headers: [{ name: 'Allow', value: 'NOTIFY, OPTIONS' }] };
    }
    const callId = headerValue(request, 'Call-ID') ?? '';
    for (const subscription of this.subscriptions.values()) {
      if (subscription.owns(callId)) return subscription.handleNotify(request);
    }
    return { status: 481, reason: 'Subscription Does Not Exist' };
  }

  /** The PBX answers again after silence: it may have lost every subscription and publication. */
  private pbxCameBack(): void {
    this.log(
      'info',
      { subscriptions: this.subscriptions.size, publications: this.publications.size },
      'PBX is back: subscribing and publishing again',
    );
    for (const subscription of this.subscriptions.values()) subscription.restart();
    for (const publication of this.publications.values()) {
      publication.republish().catch((error: Error) => this.healthTracker.writeFailed(error));
    }
    for (const [extension, state] of this.flags) {
      this.htable?.set(extension, state).catch((error: Error) => this.healthTracker.writeFailed(error));
    }
  }

  private publication(extension: string): PresencePublication {
    let publication = this.publications.get(extension);
    if (!publication) {
      publication = new PresencePublication(extension, {
        ua: this.ua!,
        endpoint: this.endpoint!,
        expiresSec: this.settings.publishExpiresSec,
        retry: this.retry,
        scheduler: this.scheduler,
        onError: (ext, error) => {
          this.healthTracker.writeFailed(error);
          this.log('warn', { extension: ext, err: error.message }, 'presence publication problem');
        },
        onSuccess: () => this.healthTracker.writeSucceeded(),
      });
      this.publications.set(extension, publication);
    }
    return publication;
  }

  private openTransport(port: number): Promise<SipTransport> {
    const s = this.settings;
    if (this.deps.openTransport) return this.deps.openTransport(s.localAddress, port);
    return openSipTransport(s.transport, s.localAddress, port, {
      onStreamError: (error, from) => this.log('warn', { from, err: error.message }, 'unreadable SIP stream: connection closed'),
      outbound: this.deps.outbound,
    });
  }

  private requireStarted(what: string): void {
    if (!this.ua) throw new ConnectorError(`The SIP connector is not started: start it before trying to ${what}.`, true);
  }

  private log(level: 'info' | 'warn' | 'debug', fields: Record<string, unknown>, message: string): void {
    this.deps.logger?.[level]({ tenantId: this.settings.tenantId, connector: 'sip', ...fields }, message);
  }
}

function endpointFor(s: SipConnectorSettings, transport: SipTransport): SipEndpoint {
  const uriHost = (host: string) => (host.includes(':') ? `[${host}]` : host);
  // Without it the PBX would send its NOTIFYs to our Contact over UDP, where nobody listens.
  const transportParam = transport.protocol === 'udp' ? '' : `;transport=${transport.protocol}`;
  return {
    pbx: { host: s.pbxHost, port: s.pbxPort },
    pbxUri: `sip:${uriHost(s.pbxHost)}:${s.pbxPort}${transportParam}`,
    domain: s.domain,
    identityUri: `sip:${s.identityUser}@${s.domain}`,
    contactUri: `sip:${s.identityUser}@${uriHost(transport.local.host)}:${transport.local.port}${transportParam}`,
  };
}

function toConnectorError(error: unknown, context: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = `${context}: ${(error as Error).message}`;
  if (error instanceof SipTimeoutError) return new ConnectorError(message, true, { cause: error });
  if (error instanceof SipRequestFailedError)
    return new ConnectorError(message, error.status >= 500 || error.status === 408, { cause: error });
  return new ConnectorError(message, true, { cause: error });
}
