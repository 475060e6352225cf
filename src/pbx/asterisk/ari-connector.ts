/**
 * The Asterisk ARI connector.
 * - Routing in: `PUT /ari/deviceStates/Stasis:<prefix><ext>?deviceState=...`; admins combine that device with
 *   the phone in a hint (`exten => 1001,hint,PJSIP/1001&Stasis:teams-1001`), see README.md.
 * - Line state out: the events WebSocket (`/ari/events?app=<app>`), subscribed per extension to
 *   `deviceState:PJSIP/<ext>` (or subscribeAll), DeviceStateChanged -> idle/ringing/onCall/held/offline.
 * - Reconnects by itself with backoff; after each (re)connect it resubscribes and takes a snapshot from
 *   `GET /ari/endpoints/<tech>` so nothing missed while away stays wrong.
 * - While connected it pings (`GET /ari/asterisk/ping`): a hung Asterisk can keep the WebSocket open and
 *   silent for ever, so an unanswered ping drops the socket and reconnects.
 * Tested against a local fake built from Asterisk's documented ARI messages, not against a real Asterisk.
 */
import type { ConnectionTestResult, ConnectorCapabilities, ConnectorHealth, LineStateReport, PbxConnector } from '../connector';
import type { PbxUser } from '../../identity/types';
import { realClock, realScheduler } from '../../time/real-time';
import type { LineState, RoutingState } from '../../sync/states';
import { AriEventStream } from './ari-event-stream';
import { guardedWebSocket } from '../outbound-guard';
import { findingOf } from '../connection-finding';
import { readAriMessage } from './ari-events';
import { AriHttpClient, type AriEndpoint } from './ari-http-client';
import { parseAriSettings, type AriSettings, type AriSettingsInput } from './ari-settings';
import { handleConnectionFailure, type ConnectionFailureContext } from './connection-failure';
import { describeError } from './errors';
import { HealthTracker } from './health-tracker';
import { LineStateEmitter } from './line-state-emitter';
import { ReconnectTimer } from './reconnect-timer';
import { routingDeviceStates, type RoutingDeviceStates } from './routing-map';
import { validExtensions, validRoutingRequest } from './extension-list';
import { silentLogger, type AsteriskDeps, type AsteriskLogger } from './settings-common';
import type { Clock, Scheduler, TimerHandle } from '../../time/clock';

/** Event sources per subscription request: keeps the URL well under common proxy limits. */
const SUBSCRIBE_BATCH = 50;

export function createAriConnector(settings: AriSettingsInput, deps: AsteriskDeps = {}): PbxConnector {
  return new AriConnector(parseAriSettings(settings), deps);
}

class AriConnector implements PbxConnector {
  readonly kind = 'asterisk-ari';
  private readonly http: AriHttpClient;
  private readonly clock: Clock;
  private readonly logger: AsteriskLogger;
  private readonly tracker: HealthTracker;
  private readonly reconnect: ReconnectTimer;
  private readonly resubscribe: ReconnectTimer;
  private readonly lines: LineStateEmitter;
  private readonly failureContext: ConnectionFailureContext;
  private readonly deviceStates: Readonly<RoutingDeviceStates>;
  private watched = new Set<string>();
  private subscribed = new Set<string>();
  /** Extensions that had an event since the last snapshot began: the event is fresher than the snapshot. */
  private seenSinceSnapshot = new Set<string>();
  private stream: AriEventStream | undefined;
  /** Bumped on every connect and on stop, so a late answer of an old connection changes nothing. */
  private generation = 0;
  private running = false;
  private readonly scheduler: Scheduler;
  private pingTimer: TimerHandle | undefined;
  private readonly createSocket: ((url: string) => WebSocket) | undefined;

  constructor(
    private readonly settings: Readonly<AriSettings>,
    deps: AsteriskDeps,
  ) {
    this.http = new AriHttpClient(settings, deps.outbound);
    const outbound = deps.outbound;
    this.createSocket = outbound ? (url) => guardedWebSocket(outbound, url) : undefined;
    this.clock = deps.clock ?? realClock;
    this.logger = deps.logger ?? silentLogger;
    this.tracker = new HealthTracker(this.clock);
    const scheduler = deps.scheduler ?? realScheduler;
    this.scheduler = scheduler;
    this.reconnect = new ReconnectTimer(settings.reconnect, scheduler, deps.random);
    this.resubscribe = new ReconnectTimer(settings.reconnect, scheduler, deps.random);
    this.lines = new LineStateEmitter(settings.tenantId, this.logger);
    this.failureContext = {
      protocol: 'ARI',
      tenantId: settings.tenantId,
      tracker: this.tracker,
      reconnect: this.reconnect,
      logger: this.logger,
    };
    this.deviceStates = routingDeviceStates(settings.routingDeviceStates as Partial<RoutingDeviceStates>);
  }

  capabilities(): ConnectorCapabilities {
    return { lineStateOut: true, routingIn: true, listUsers: true };
  }

  async start(onLineState: (report: LineStateReport) => void): Promise<void> {
    this.lines.connect(onLineState);
    this.running = true;
    this.tracker.set('starting', `connecting to ${this.settings.url}`);
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.reconnect.cancel();
    this.resubscribe.cancel();
    this.pingTimer?.cancel();
    this.stream?.close();
    this.stream = undefined;
    this.tracker.set('stopped');
  }

  async watch(extensions: readonly string[]): Promise<void> {
    const wanted = new Set(validExtensions(extensions));
    this.watched = wanted;
    if (!this.stream) return; // the next connect subscribes and takes the snapshot
    await this.syncSubscriptions(this.generation);
  }

  async applyRouting(extension: string, state: RoutingState): Promise<void> {
    const ext = validRoutingRequest(extension, state);
    const device = `Stasis:${this.settings.stasisPrefix}${ext}`;
    try {
      await this.http.setDeviceState(device, this.deviceStates[state]);
      this.tracker.success();
    } catch (error) {
      this.tracker.error(describeError(error));
      throw error;
    }
  }

  async listUsers(): Promise<PbxUser[]> {
    const endpoints = await this.http.endpoints(this.settings.technology);
    return endpoints.map((e) => ({ extension: e.resource }));
  }

  async testConnection(): Promise<ConnectionTestResult> {
    try {
      const info = await this.http.asteriskInfo();
      const version = info.system?.version ? `Asterisk ${info.system.version}` : 'Asterisk';
      return { ok: true, message: `ARI answered: ${version} at ${this.settings.url} as "${this.settings.username}"` };
    } catch (error) {
      return { ok: false, message: describeError(error), finding: findingOf(error) };
    }
  }

  /**
   * On request (start-up): the endpoint list again, reported through `onLineState` like the snapshot after connecting
   * (a phone event since then wins); nothing more to return. Not connected yet: the connect's snapshot follows.
   */
  async presentLineStates(): Promise<LineStateReport[]> {
    await this.snapshot(this.generation, new Set(this.watched));
    return [];
  }

  health(): ConnectorHealth {
    return this.tracker.snapshot();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    try {
      // REST first: it tells a refused password (401) apart from an unreachable server, which the
      // WebSocket upgrade cannot.
      await this.http.asteriskInfo();
      const stream = await AriEventStream.open(
        this.http.eventsUrl(this.settings.app, this.settings.subscribeAll),
        `${this.settings.url.replace(/\/+$/, '')}/events?app=${this.settings.app}`,
        this.settings.requestTimeoutMs,
        {
          onMessage: (text) => this.handleMessage(generation, text),
          onClose: (reason) => this.handleClose(generation, reason),
        },
        this.createSocket,
      );
      if (generation !== this.generation) {
        stream.close();
        return;
      }
      this.stream = stream;
      this.subscribed = new Set();
      this.reconnect.succeeded();
      this.tracker.success();
      this.tracker.set('connected', this.describeConnected());
      this.logger.info({ tenantId: this.settings.tenantId, url: this.settings.url }, 'ARI events connected');
      this.schedulePing(generation);
      await this.syncSubscriptions(generation);
    } catch (error) {
      if (generation !== this.generation) return;
      this.connectFailed(error);
    }
  }

  private connectFailed(error: unknown): void {
    handleConnectionFailure(error, this.running, () => void this.connect(), this.failureContext);
  }

  private handleClose(generation: number, reason: string): void {
    if (generation !== this.generation || !this.running) return;
    this.stream = undefined;
    this.subscribed = new Set();
    this.resubscribe.cancel();
    this.pingTimer?.cancel();
    this.generation++;
    this.connectFailed(new Error(`The ARI events WebSocket ${reason}.`));
  }

  private schedulePing(generation: number): void {
    this.pingTimer?.cancel();
    this.pingTimer = this.scheduler.after(this.settings.pingIntervalMs, () => {
      if (generation !== this.generation) return;
      this.http.ping().then(
        () => {
          if (generation !== this.generation) return;
          this.tracker.success();
          this.schedulePing(generation);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          this.logger.warn({ tenantId: this.settings.tenantId, err: describeError(error) }, 'ARI ping failed');
          this.stream?.close();
          this.handleClose(generation, `was dropped: Asterisk did not answer a ping (${describeError(error)})`);
        },
      );
    });
  }

  private handleMessage(generation: number, text: string): void {
    if (generation !== this.generation) return;
    const reading = readAriMessage(text, this.settings.technology);
    if (reading.kind === 'malformed') {
      this.logger.warn({ tenantId: this.settings.tenantId, reason: reading.reason }, 'unreadable ARI event ignored');
      return;
    }
    if (reading.kind !== 'lineState' || !this.watched.has(reading.extension)) return;
    this.tracker.event();
    this.seenSinceSnapshot.add(reading.extension);
    this.lines.emit(reading.extension, reading.state, reading.at ?? this.clock.now());
  }

  /** Subscribes added extensions, unsubscribes removed ones, then snapshots the added ones. */
  private async syncSubscriptions(generation: number): Promise<void> {
    const added = [...this.watched].filter((e) => !this.subscribed.has(e));
    const removed = [...this.subscribed].filter((e) => !this.watched.has(e));
    this.seenSinceSnapshot = new Set();
    try {
      if (!this.settings.subscribeAll) {
        for (const batch of chunks(added, SUBSCRIBE_BATCH)) {
          await this.http.subscribe(
            this.settings.app,
            batch.map((e) => this.eventSource(e)),
          );
          if (generation !== this.generation) return;
          batch.forEach((e) => this.subscribed.add(e));
        }
        for (const batch of chunks(removed, SUBSCRIBE_BATCH)) {
          await this.http.unsubscribe(
            this.settings.app,
            batch.map((e) => this.eventSource(e)),
          );
          batch.forEach((e) => this.subscribed.delete(e));
        }
      } else {
        added.forEach((e) => this.subscribed.add(e));
        removed.forEach((e) => this.subscribed.delete(e));
      }
      if (generation !== this.generation) return;
      this.resubscribe.succeeded();
      this.tracker.set('connected', this.describeConnected());
      if (added.length) await this.snapshot(generation, new Set(added));
    } catch (error) {
      if (generation !== this.generation) return;
      const message = describeError(error);
      this.tracker.error(message);
      const delay = this.resubscribe.schedule(() => void this.syncSubscriptions(this.generation));
      this.tracker.set(
        'degraded',
        `events connected, but ${added.length - countIn(added, this.subscribed)} extension(s) are not subscribed: ${message} Retrying in ${Math.round(delay / 1000)} s.`,
      );
    }
  }

  /**
   * The endpoint list says online/offline and whether channels are up: enough for idle/onCall/offline.
   * The exact state (ringing, held) follows with the next DeviceStateChanged.
   */
  private async snapshot(generation: number, extensions: Set<string>): Promise<void> {
    let endpoints: AriEndpoint[];
    try {
      endpoints = await this.http.endpoints(this.settings.technology);
    } catch (error) {
      this.logger.warn({ tenantId: this.settings.tenantId, err: describeError(error) }, 'ARI snapshot failed');
      return;
    }
    if (generation !== this.generation) return;
    const now = this.clock.now();
    for (const endpoint of endpoints) {
      const ext = endpoint.resource;
      if (!extensions.has(ext) || !this.watched.has(ext) || this.seenSinceSnapshot.has(ext)) continue;
      const state = lineStateOfEndpoint(endpoint);
      if (state) this.lines.emit(ext, state, now);
    }
  }

  private eventSource(extension: string): string {
    return `deviceState:${this.settings.technology}/${extension}`;
  }

  private describeConnected(): string {
    const mode = this.settings.subscribeAll ? 'all events' : `${this.subscribed.size} device subscription(s)`;
    return `ARI events connected to ${this.settings.url} (${mode})`;
  }
}

function lineStateOfEndpoint(endpoint: AriEndpoint): LineState | undefined {
  if (endpoint.state === 'offline') return 'offline';
  if (endpoint.state === 'online') return endpoint.channel_ids.length > 0 ? 'onCall' : 'idle';
  return undefined;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function countIn(items: readonly string[], set: Set<string>): number {
  return items.filter((i) => set.has(i)).length;
}
