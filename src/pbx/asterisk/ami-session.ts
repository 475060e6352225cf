/**
 * One logged-in AMI connection over node:net: banner, Login, actions answered by ActionID (lists collected
 * until their `EventList: Complete` event), events handed on. It reports once when it closes; reconnecting
 * is the connector's business.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Scheduler } from '../../time/clock';
import { AmiParser, field, serializeAction, type AmiMessage } from './ami-codec';
import { AsteriskAuthError, AsteriskRefusedError, AsteriskUnreachableError, describeError } from './errors';
import { outboundRefusalIn, type OutboundGuard } from '../outbound-guard';

export interface AmiSessionOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** The Login `Events:` mask, e.g. "call". */
  events: string;
  timeoutMs: number;
  scheduler: Scheduler;
  onEvent(message: AmiMessage): void;
  onClose(reason: string): void;
  /** A tenant admin's address: judged before connecting, and after DNS in the socket's own lookup. */
  outbound?: Pick<OutboundGuard, 'checkHost' | 'lookup'>;
}

interface Pending {
  name: string;
  resolve(result: { response: AmiMessage; events: AmiMessage[] }): void;
  reject(error: Error): void;
  /** Set for list actions: the event that closes the list. */
  completeEvent?: string;
  response?: AmiMessage;
  events: AmiMessage[];
  cancelTimer(): void;
}

export class AmiSession {
  private readonly parser = new AmiParser();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;
  private loggedIn = false;

  private constructor(
    private readonly socket: Socket,
    private readonly options: AmiSessionOptions,
  ) {}

  /** Connects and logs in; rejects with an auth, refused or unreachable error. */
  static async open(options: AmiSessionOptions): Promise<AmiSession> {
    const socket = await connectSocket(options);
    const session = new AmiSession(socket, options);
    session.listen();
    try {
      // MD5 challenge login (manager.conf "Challenge"): the secret itself never crosses the network.
      const challenge = field(await session.action('Challenge', { AuthType: 'MD5' }), 'Challenge');
      if (!challenge) throw new AsteriskRefusedError('AMI refused Login: the Challenge answer carried no challenge', false);
      await session.action('Login', {
        AuthType: 'MD5',
        Username: options.username,
        Key: createHash('md5')
          .update(challenge + options.secret)
          .digest('hex'),
        Events: options.events,
      });
    } catch (error) {
      session.close();
      if (error instanceof AsteriskRefusedError) {
        throw new AsteriskAuthError(
          `AMI refused the login of user "${options.username}" (${error.message.replace(/^AMI refused Login: /, '')}). ` +
            'Check the user, secret and permit/deny lines in manager.conf and the connector settings.',
        );
      }
      throw error;
    }
    session.loggedIn = true;
    return session;
  }

  /** The greeting line, e.g. "Asterisk Call Manager/5.0.3". */
  get banner(): string | undefined {
    return this.parser.banner;
  }

  get isOpen(): boolean {
    return !this.closed && this.loggedIn;
  }

  /** Sends an action and resolves with its response; an `Error` response rejects (AsteriskRefusedError). */
  async action(name: string, headers: Record<string, string> = {}): Promise<AmiMessage> {
    return (await this.send(name, headers)).response;
  }

  /** Sends a list action (e.g. DeviceStateList) and resolves with the events up to `completeEvent`. */
  async list(name: string, completeEvent: string, headers: Record<string, string> = {}): Promise<AmiMessage[]> {
    return (await this.send(name, headers, completeEvent)).events;
  }

  close(): void {
    if (this.closed) return;
    this.socket.destroy();
    this.finish('closed by us');
  }

  private send(
    name: string,
    headers: Record<string, string>,
    completeEvent?: string,
  ): Promise<{ response: AmiMessage; events: AmiMessage[] }> {
    if (this.closed) {
      return Promise.reject(new AsteriskUnreachableError(`AMI connection is closed; cannot send ${name}`));
    }
    const actionId = `pb-${this.nextId++}`;
    const text = serializeAction(name, { ActionID: actionId, ...headers });
    return new Promise((resolve, reject) => {
      const timer = this.options.scheduler.after(this.options.timeoutMs, () => {
        this.pending.delete(actionId);
        reject(new AsteriskUnreachableError(`AMI did not answer ${name} within ${this.options.timeoutMs} ms`));
      });
      this.pending.set(actionId, { name, resolve, reject, completeEvent, events: [], cancelTimer: () => timer.cancel() });
      this.socket.write(text);
    });
  }

  private listen(): void {
    // Actions are small and answered one by one: Nagle's delay would add tens of ms to each of them.
    this.socket.setNoDelay(true);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      for (const message of this.parser.feed(chunk)) this.dispatch(message);
    });
    this.socket.on('error', (error) => this.finish(describeError(error)));
    this.socket.on('close', () => this.finish('connection closed by Asterisk'));
  }

  private dispatch(message: AmiMessage): void {
    const actionId = field(message, 'ActionID');
    const pending = actionId ? this.pending.get(actionId) : undefined;
    if (field(message, 'Response') !== undefined && pending) {
      if (field(message, 'Response')?.toLowerCase() === 'error') {
        return this.settle(
          actionId!,
          pending,
          new AsteriskRefusedError(`AMI refused ${pending.name}: ${field(message, 'Message') ?? 'no reason given'}`, false),
        );
      }
      pending.response = message;
      if (!pending.completeEvent) this.settle(actionId!, pending);
      return;
    }
    if (field(message, 'Event') !== undefined) {
      if (pending?.completeEvent) {
        if (field(message, 'Event')?.toLowerCase() === pending.completeEvent.toLowerCase()) {
          this.settle(actionId!, pending);
        } else {
          pending.events.push(message);
        }
        return;
      }
      this.options.onEvent(message);
    }
  }

  private settle(actionId: string, pending: Pending, error?: Error): void {
    this.pending.delete(actionId);
    pending.cancelTimer();
    if (error) pending.reject(error);
    else pending.resolve({ response: pending.response ?? {}, events: pending.events });
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.cancelTimer();
      pending.reject(new AsteriskUnreachableError(`AMI connection ended before an answer (${reason})`));
    }
    if (this.loggedIn) this.options.onClose(reason);
  }
}

function connectSocket(options: AmiSessionOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    try {
      options.outbound?.checkHost(options.host);
    } catch (error) {
      reject(new AsteriskUnreachableError(`AMI at ${options.host}:${options.port} not reached: ${describeError(error)}`, { cause: error }));
      return;
    }
    const socket = connect({ host: options.host, port: options.port, ...(options.outbound && { lookup: options.outbound.lookup }) });
    const timer = options.scheduler.after(options.timeoutMs, () => {
      socket.destroy();
      fail(`no connection within ${options.timeoutMs} ms`);
    });
    const failWith = (error: Error): void => {
      timer.cancel();
      reject(new AsteriskUnreachableError(`AMI at ${options.host}:${options.port} not reached: ${error.message}`, { cause: error }));
    };
    const fail = (why: string): void => {
      timer.cancel();
      reject(
        new AsteriskUnreachableError(
          `AMI at ${options.host}:${options.port} did not answer (${why}). Check that manager.conf has ` +
            'enabled = yes, the bind address and port, and that nothing blocks the port.',
        ),
      );
    };
    socket.once('connect', () => {
      timer.cancel();
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => (outboundRefusalIn(error) ? failWith(error) : fail(describeError(error))));
  });
}
