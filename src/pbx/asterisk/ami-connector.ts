/**
 * The Asterisk AMI connector (the fallback where ARI is not available; AMI is on almost every Asterisk).
 * - Routing in: `Setvar DEVICE_STATE(Custom:<prefix><ext>)=<state>`, optionally
 *   `PRESENCE_STATE(CustomPresence:<ext>)=dnd,,<text>` and `QueuePause` for agents; see README.md.
 * - Line state out: DeviceStateChange of `PJSIP/<ext>` (or ExtensionStatus of phone-only hints), plus a dnd
 *   that someone else set on our CustomPresence. A snapshot (DeviceStateList / ExtensionStateList) follows
 *   every (re)connect.
 * - ActionID correlation, Ping keep-alive, reconnect with backoff by itself.
 * Tested against a local fake built from Asterisk's documented AMI messages, not against a real Asterisk.
 */
import type { ConnectionTestResult, ConnectorCapabilities, ConnectorHealth, LineStateReport, PbxConnector } from '../connector';
import { realClock, realScheduler } from '../../time/real-time';
import type { Clock, Scheduler, TimerHandle } from '../../time/clock';
import type { LineState, RoutingState } from '../../sync/states';
import type { AmiMessage } from './ami-codec';
import { readAmiEvent, type AmiReadOptions } from './ami-events';
import { AmiSession } from './ami-session';
import { parseAmiSettings, type AmiSettings, type AmiSettingsInput } from './ami-settings';
import { handleConnectionFailure, type ConnectionFailureContext } from './connection-failure';
import { AsteriskRefusedError, AsteriskUnreachableError, describeError } from './errors';
import { validExtensions, validRoutingRequest } from './extension-list';
import { HealthTracker } from './health-tracker';
import { LineStateEmitter } from './line-state-emitter';
import { ReconnectTimer } from './reconnect-timer';
import {
  DEFAULT_PRESENCE_MESSAGES,
  PRESENCE_OF_ROUTING,
  presenceValue,
  routingDeviceStates,
  type RoutingDeviceStates,
} from './routing-map';
import { silentLogger, type AsteriskDeps, type AsteriskLogger } from './settings-common';
import { findingOf } from '../connection-finding';

/** DeviceStateChange, ExtensionStatus and PresenceStateChange are all of class "call". */
const LOGIN_EVENTS = 'call';

export function createAmiConnector(settings: AmiSettingsInput, deps: AsteriskDeps = {}): PbxConnector {
  return new AmiConnector(parseAmiSettings(settings), deps);
}

class AmiConnector implements PbxConnector {
  readonly kind = 'asterisk-ami';
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly logger: AsteriskLogger;
  private readonly tracker: HealthTracker;
  private readonly reconnect: ReconnectTimer;
  private readonly lines: LineStateEmitter;
  private readonly failureContext: ConnectionFailureContext;
  private readonly deviceStates: Readonly<RoutingDeviceStates>;
  private readonly readOptions: AmiReadOptions;
  private watched = new Set<string>();
  /** The presence status we last wrote per extension: the same status coming back is our own echo. */
  private readonly presenceWritten = new Map<string, string>();
  /** Extensions someone else put on dnd through our CustomPresence. */
  private readonly presenceDnd = new Set<string>();
  /** The last line state the phone itself reported, to fall back to when that dnd ends. */
  private readonly phoneLine = new Map<string, LineState>();
  /** Extensions that had a live event since the last snapshot was asked for. */
  private seenSinceSnapshot = new Set<string>();
  private session: AmiSession | undefined;
  private pingTimer: TimerHandle | undefined;
  private generation = 0;
  private running = false;
  private readonly outbound: AsteriskDeps['outbound'];

  constructor(
    private readonly settings: Readonly<AmiSettings>,
    deps: AsteriskDeps,
  ) {
    this.clock = deps.clock ?? realClock;
    this.scheduler = deps.scheduler ?? realScheduler;
    this.logger = deps.logger ?? silentLogger;
    this.outbound = deps.outbound;
    this.tracker = new HealthTracker(this.clock);
    this.reconnect = new ReconnectTimer(settings.reconnect, this.scheduler, deps.random);
    this.lines = new LineStateEmitter(settings.tenantId, this.logger);
    this.failureContext = {
      protocol: 'AMI',
      tenantId: settings.tenantId,
      tracker: this.tracker,
      reconnect: this.reconnect,
      logger: this.logger,
    };
    this.deviceStates = routingDeviceStates(settings.routingDeviceStates as Partial<RoutingDeviceStates>);
    this.readOptions = {
      technology: settings.technology,
      lineStateSource: settings.lineStateSource,
      ...(settings.hintContext !== undefined && { hintContext: settings.hintContext }),
      ownDevicePrefix: `Custom:${settings.customPrefix}`,
      ownPresencePrefix: `CustomPresence:${settings.presence.prefix}`,
    };
  }

  capabilities(): ConnectorCapabilities {
    // Listing PJSIP endpoints over AMI needs the "system" read class: left out to keep the AMI user minimal.
    return { lineStateOut: true, routingIn: true, listUsers: false };
  }

  async start(onLineState: (report: LineStateReport) => void): Promise<void> {
    this.lines.connect(onLineState);
    this.running = true;
    this.tracker.set('starting', `connecting to ${this.address()}`);
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.reconnect.cancel();
    this.pingTimer?.cancel();
    this.session?.close();
    this.session = undefined;
    this.tracker.set('stopped');
  }

  async watch(extensions: readonly string[]): Promise<void> {
    const wanted = validExtensions(extensions);
    const added = wanted.filter((e) => !this.watched.has(e));
    this.watched = new Set(wanted);
    if (this.session?.isOpen && added.length) await this.snapshot(this.generation, new Set(added));
  }

  async applyRouting(extension: string, state: RoutingState): Promise<void> {
    const ext = validRoutingRequest(extension, state);
    const session = this.session;
    if (!session?.isOpen) {
      const error = new AsteriskUnreachableError(
        `AMI is not connected to ${this.address()}, so ${ext} was not set to ${state}` +
          (this.tracker.snapshot().lastError ? ` (last error: ${this.tracker.snapshot().lastError?.message})` : ''),
      );
      this.tracker.error(error.message);
      throw error;
    }
    try {
      await session.action('Setvar', {
        Variable: `DEVICE_STATE(Custom:${this.settings.customPrefix}${ext})`,
        Value: this.deviceStates[state],
      });
      if (this.settings.presence.enabled) await this.setPresence(session, ext, state);
      if (this.settings.queuePause.enabled) await this.pauseQueues(session, ext, state);
      this.tracker.success();
    } catch (error) {
      const explained = explainRefusal(error);
      this.tracker.error(describeError(explained));
      throw explained;
    }
  }

  async testConnection(): Promise<ConnectionTestResult> {
    try {
      const session = await AmiSession.open(this.sessionOptions(-1));
      try {
        await session.action('Ping');
        return {
          ok: true,
          message: `AMI login accepted at ${this.address()} as "${this.settings.username}" (${session.banner ?? 'no banner'})`,
        };
      } finally {
        await session.action('Logoff').catch(() => undefined); // best effort: Asterisk closes the socket itself
        session.close();
      }
    } catch (error) {
      return { ok: false, message: describeError(error), finding: findingOf(error) };
    }
  }

  /**
   * On request (start-up): the device/extension state list again, reported through `onLineState` like the snapshot after connecting
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
      const session = await AmiSession.open(this.sessionOptions(generation));
      if (generation !== this.generation) {
        session.close();
        return;
      }
      this.session = session;
      this.reconnect.succeeded();
      this.tracker.success();
      this.tracker.set('connected', `AMI logged in at ${this.address()} (line state from ${this.describeSource()})`);
      this.logger.info({ tenantId: this.settings.tenantId, host: this.settings.host }, 'AMI connected');
      this.schedulePing(generation);
      await this.snapshot(generation, this.watched);
    } catch (error) {
      if (generation !== this.generation) return;
      this.connectFailed(error);
    }
  }

  private sessionOptions(generation: number) {
    return {
      host: this.settings.host,
      port: this.settings.port,
      username: this.settings.username,
      secret: this.settings.secret,
      events: generation < 0 ? 'off' : LOGIN_EVENTS,
      timeoutMs: this.settings.actionTimeoutMs,
      scheduler: this.scheduler,
      onEvent: (message: AmiMessage) => this.handleEvent(generation, message),
      onClose: (reason: string) => this.handleClose(generation, reason),
      outbound: this.outbound,
    };
  }

  private connectFailed(error: unknown): void {
    handleConnectionFailure(error, this.running, () => void this.connect(), this.failureContext);
  }

  private handleClose(generation: number, reason: string): void {
    if (generation !== this.generation || !this.running) return;
    this.session = undefined;
    this.pingTimer?.cancel();
    this.generation++;
    this.connectFailed(new AsteriskUnreachableError(`The AMI connection to ${this.address()} ended (${reason}).`));
  }

  /** A Ping that goes unanswered means a dead connection TCP has not noticed: drop it and reconnect. */
  private schedulePing(generation: number): void {
    this.pingTimer = this.scheduler.after(this.settings.pingIntervalMs, () => {
      const session = this.session;
      if (generation !== this.generation || !session) return;
      session.action('Ping').then(
        () => {
          this.tracker.success();
          this.schedulePing(generation);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          this.logger.warn({ tenantId: this.settings.tenantId, err: describeError(error) }, 'AMI ping failed');
          session.close();
        },
      );
    });
  }

  private handleEvent(generation: number, message: AmiMessage): void {
    if (generation !== this.generation) return;
    const reading = this.read(message);
    if (reading) this.seenSinceSnapshot.add(reading);
  }

  /** Reports what the message says, if anything; returns the extension it was about. */
  private read(message: AmiMessage): string | undefined {
    const reading = readAmiEvent(message, this.readOptions);
    if (reading.kind === 'ignored' || !this.watched.has(reading.extension)) return undefined;
    this.tracker.event();
    const at = reading.at ?? this.clock.now();
    if (reading.kind === 'lineState') {
      this.phoneLine.set(reading.extension, reading.state);
      // While someone else's dnd stands, an idle phone stays dnd; a call on it still shows.
      const shown = this.presenceDnd.has(reading.extension) && reading.state === 'idle' ? 'dnd' : reading.state;
      this.lines.emit(reading.extension, shown, at);
      return reading.extension;
    }
    if (!this.settings.presence.reportDnd || this.presenceWritten.get(reading.extension) === reading.status) {
      return undefined;
    }
    if (reading.status === 'dnd') {
      this.presenceDnd.add(reading.extension);
      this.lines.emit(reading.extension, 'dnd', at);
    } else if (this.presenceDnd.delete(reading.extension)) {
      this.lines.emit(reading.extension, this.phoneLine.get(reading.extension) ?? 'idle', at);
    }
    return undefined;
  }

  private async snapshot(generation: number, extensions: Set<string>): Promise<void> {
    const session = this.session;
    if (!session || extensions.size === 0) return;
    const [action, complete] =
      this.settings.lineStateSource === 'device'
        ? ['DeviceStateList', 'DeviceStateListComplete']
        : ['ExtensionStateList', 'ExtensionStateListComplete'];
    this.seenSinceSnapshot = new Set();
    try {
      const events = await session.list(action, complete);
      if (generation !== this.generation) return;
      for (const event of events) {
        const reading = readAmiEvent(event, this.readOptions);
        // A live event that overtook the list is fresher than the list's entry for that extension.
        if (reading.kind !== 'lineState' || !extensions.has(reading.extension)) continue;
        if (!this.seenSinceSnapshot.has(reading.extension)) this.read(event);
      }
    } catch (error) {
      // Older Asterisk (before 13) has no list actions: line state then follows with the next change.
      this.logger.warn({ tenantId: this.settings.tenantId, err: describeError(error) }, `AMI ${action} failed`);
    }
  }

  private async setPresence(session: AmiSession, ext: string, state: RoutingState): Promise<void> {
    this.presenceWritten.set(ext, PRESENCE_OF_ROUTING[state]);
    const message = this.settings.presence.messages[state] ?? DEFAULT_PRESENCE_MESSAGES[state];
    await session.action('Setvar', {
      Variable: `PRESENCE_STATE(CustomPresence:${this.settings.presence.prefix}${ext})`,
      Value: presenceValue(state, message),
    });
  }

  private async pauseQueues(session: AmiSession, ext: string, state: RoutingState): Promise<void> {
    const { queue, pausedStates, reason } = this.settings.queuePause;
    try {
      await session.action('QueuePause', {
        Interface: `${this.settings.technology}/${ext}`,
        Paused: pausedStates.includes(state) ? 'true' : 'false',
        ...(queue !== undefined && { Queue: queue }),
        Reason: reason,
      });
    } catch (error) {
      // Not every user is a queue agent: "Interface not found" just means there is nothing to pause.
      if (error instanceof AsteriskRefusedError && /not found/i.test(error.message)) return;
      throw error;
    }
  }

  private address(): string {
    return `${this.settings.host}:${this.settings.port}`;
  }

  private describeSource(): string {
    return this.settings.lineStateSource === 'device'
      ? `${this.settings.technology}/<ext> device states`
      : `hints${this.settings.hintContext ? ` in context ${this.settings.hintContext}` : ''}`;
  }
}

function explainRefusal(error: unknown): unknown {
  if (error instanceof AsteriskRefusedError && /permission denied/i.test(error.message)) {
    return new AsteriskRefusedError(
      `${error.message}. Give the manager.conf user write = call (and agent for queue pause).`,
      false,
      undefined,
      { cause: error },
    );
  }
  return error;
}
