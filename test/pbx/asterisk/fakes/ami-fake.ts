/**
 * A local stand-in for the Asterisk Manager Interface, built from the documented AMI actions and events
 * (docs.asterisk.org "AMI Actions"/"AMI Events": Login, Logoff, Ping, Setvar, QueuePause, DeviceStateList,
 * ExtensionStateList; DeviceStateChange, ExtensionStatus, PresenceStateChange). It behaves as documented
 * where the connector depends on it:
 * - banner line `Asterisk Call Manager/<version>` on connect;
 * - Challenge (AuthType MD5) answers a random `Challenge`; Login with `AuthType: MD5` checks
 *   `Key` = md5(challenge + secret), plain Login checks `Secret`;
 * - Login: `Response: Success / Message: Authentication accepted`, or `Response: Error / Message:
 *   Authentication failed` and the socket is closed; actions before a login get "Authentication Required";
 * - every answer echoes ActionID; list actions answer `EventList: start`, the items, then `...Complete`;
 * - Setvar DEVICE_STATE(Custom:x) raises DeviceStateChange (and ExtensionStatus of hints holding the device);
 *   non-Custom devices are refused; PRESENCE_STATE(CustomPresence:x)=status,subtype,message raises
 *   PresenceStateChange;
 * - QueuePause answers "Interface not found" for an interface that is no queue member;
 * - write classes: Setvar needs "call", QueuePause "agent", else "Permission denied".
 * Its parser is its own (not the connector's), so a codec bug cannot hide in both. Loopback only;
 * restartable on the same port.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { listenOnLoopback } from '../helpers/listen-on-loopback';

type Fields = Record<string, string>;

export interface AmiFakeHint {
  exten: string;
  context: string;
  hint: string;
}

export interface AmiFakeOptions {
  username?: string;
  secret?: string;
  writeClasses?: string[];
  timestampEvents?: boolean;
  devices?: Record<string, string>;
  hints?: AmiFakeHint[];
  queueMembers?: string[];
  now?: () => number;
}

interface Client {
  socket: Socket;
  buffer: string;
  loggedIn: boolean;
  events: boolean;
  /** The last Challenge answered to this client (MD5 login). */
  challenge?: string;
}

const DEVICE_BITS: Record<string, number> = {
  NOT_INUSE: 0,
  UNKNOWN: 0,
  INUSE: 1,
  BUSY: 2,
  UNAVAILABLE: 4,
  INVALID: 4,
  RINGING: 8,
  RINGINUSE: 9,
  ONHOLD: 16,
};
const STATUS_TEXT: Record<number, string> = {
  0: 'Idle',
  1: 'InUse',
  2: 'Busy',
  4: 'Unavailable',
  8: 'Ringing',
  9: 'InUse&Ringing',
  16: 'Hold',
  17: 'InUse&Hold',
};
const PRESENCE_VALUES = ['not_set', 'unavailable', 'available', 'away', 'xa', 'chat', 'dnd'];

export class AmiFake {
  /** Every action received, with its fields as sent (keys as written). */
  readonly actions: Fields[] = [];
  readonly devices: Map<string, string>;
  readonly presence = new Map<string, string>();
  readonly paused = new Map<string, boolean>();
  readonly hints: AmiFakeHint[];
  readonly queueMembers: Set<string>;
  username: string;
  secret: string;
  answerPings = true;
  port = 0;
  private readonly writeClasses: Set<string>;
  private readonly timestampEvents: boolean;
  private readonly now: () => number;
  private readonly clients = new Set<Client>();
  private server: Server | undefined;

  constructor(options: AmiFakeOptions = {}) {
    this.username = options.username ?? 'bridge';
    this.secret = options.secret ?? 'am1-s3cret';
    this.writeClasses = new Set(options.writeClasses ?? ['call', 'agent']);
    this.timestampEvents = options.timestampEvents ?? true;
    this.devices = new Map(Object.entries(options.devices ?? {}));
    this.hints = options.hints ?? [];
    this.queueMembers = new Set(options.queueMembers ?? []);
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.port = await listenOnLoopback(server, this.port);
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    this.clients.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  loggedInClients(): number {
    return [...this.clients].filter((c) => c.loggedIn).length;
  }

  actionsNamed(name: string): Fields[] {
    return this.actions.filter((a) => a.Action?.toLowerCase() === name.toLowerCase());
  }

  /** A phone (or any device) changes state: DeviceStateChange, then ExtensionStatus for hints holding it. */
  setDeviceState(device: string, state: string): void {
    this.devices.set(device, state);
    this.broadcast({ Event: 'DeviceStateChange', Privilege: 'call,all', Device: device, State: state });
    for (const hint of this.hints) {
      if (hint.hint.split('&').includes(device)) this.broadcast(this.extensionStatus(hint));
    }
  }

  setPresence(presentity: string, status: string, message = ''): void {
    this.presence.set(presentity, status);
    this.broadcast({
      Event: 'PresenceStateChange',
      Privilege: 'call,all',
      Presentity: presentity,
      Status: status,
      Subtype: '',
      Message: message,
    });
  }

  sendEvent(fields: Fields): void {
    this.broadcast(fields);
  }

  private accept(socket: Socket): void {
    const client: Client = { socket, buffer: '', loggedIn: false, events: true };
    this.clients.add(client);
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    socket.on('data', (chunk: string) => {
      client.buffer += chunk;
      let end: number;
      while ((end = client.buffer.indexOf('\r\n\r\n')) >= 0) {
        const block = client.buffer.slice(0, end);
        client.buffer = client.buffer.slice(end + 4);
        const fields: Fields = {};
        for (const line of block.split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
        this.actions.push(fields);
        this.act(client, fields);
      }
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
  }

  private act(client: Client, a: Fields): void {
    const id: Fields = a.ActionID !== undefined ? { ActionID: a.ActionID } : {};
    const reply = (fields: Fields): void => write(client.socket, { ...pick(fields, 'Response'), ...id, ...fields });
    const action = (a.Action ?? '').toLowerCase();
    if (action === 'challenge') {
      if ((a.AuthType ?? '').toLowerCase() !== 'md5') return reply({ Response: 'Error', Message: 'Must specify AuthType' });
      client.challenge = String(Math.floor(Math.random() * 1e9));
      return reply({ Response: 'Success', Challenge: client.challenge });
    }
    if (action === 'login') {
      const md5 = (a.AuthType ?? '').toLowerCase() === 'md5';
      const keyOk =
        md5 &&
        client.challenge !== undefined &&
        a.Key ===
          createHash('md5')
            .update(client.challenge + this.secret)
            .digest('hex');
      if (a.Username === this.username && (md5 ? keyOk : a.Secret === this.secret)) {
        client.loggedIn = true;
        client.events = (a.Events ?? 'on').toLowerCase() !== 'off';
        reply({ Response: 'Success', Message: 'Authentication accepted' });
        if (client.events) write(client.socket, { Event: 'FullyBooted', Privilege: 'system,all', Status: 'Fully Booted' });
      } else {
        reply({ Response: 'Error', Message: 'Authentication failed' });
        client.socket.end();
      }
      return;
    }
    if (!client.loggedIn) return reply({ Response: 'Error', Message: 'Authentication Required' });
    switch (action) {
      case 'logoff':
        reply({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
        client.socket.end();
        return;
      case 'ping':
        if (this.answerPings) reply({ Response: 'Success', Ping: 'Pong', Timestamp: (this.now() / 1000).toFixed(6) });
        return;
      case 'setvar':
        if (!this.writeClasses.has('call')) return reply({ Response: 'Error', Message: 'Permission denied' });
        return reply(this.setvar(a.Variable ?? '', a.Value ?? ''));
      case 'queuepause': {
        if (!this.writeClasses.has('agent')) return reply({ Response: 'Error', Message: 'Permission denied' });
        const iface = a.Interface ?? '';
        if (!iface || a.Paused === undefined) return reply({ Response: 'Error', Message: "Need 'Interface' and 'Paused' parameters." });
        if (!this.queueMembers.has(iface)) return reply({ Response: 'Error', Message: 'Interface not found' });
        const paused = ['true', 'yes', '1'].includes(a.Paused.toLowerCase());
        this.paused.set(iface, paused);
        return reply({ Response: 'Success', Message: `Interface ${paused ? 'paused' : 'unpaused'} successfully` });
      }
      case 'devicestatelist': {
        reply({ Response: 'Success', EventList: 'start', Message: 'Device State Changes will follow' });
        for (const [device, state] of this.devices)
          write(client.socket, { Event: 'DeviceStateChange', ...id, Device: device, State: state });
        write(client.socket, { Event: 'DeviceStateListComplete', ...id, EventList: 'Complete', ListItems: String(this.devices.size) });
        return;
      }
      case 'extensionstatelist': {
        reply({ Response: 'Success', EventList: 'start', Message: 'Extension Statuses will follow' });
        for (const hint of this.hints) write(client.socket, { ...this.extensionStatus(hint), ...id });
        write(client.socket, { Event: 'ExtensionStateListComplete', ...id, EventList: 'Complete', ListItems: String(this.hints.length) });
        return;
      }
      default:
        return reply({ Response: 'Error', Message: 'Invalid/unknown command' });
    }
  }

  private setvar(variable: string, value: string): Fields {
    const device = /^DEVICE_STATE\((.+)\)$/.exec(variable);
    if (device) {
      if (!device[1].startsWith('Custom:')) return { Response: 'Error', Message: 'Variable not set' };
      this.setDeviceState(device[1], DEVICE_BITS[value] !== undefined ? value : 'UNKNOWN');
      return { Response: 'Success', Message: 'Variable Set' };
    }
    const presence = /^PRESENCE_STATE\((.+)\)$/.exec(variable);
    if (presence) {
      const [status = '', subtype = '', message = ''] = value.split(',');
      if (!presence[1].startsWith('CustomPresence:') || !PRESENCE_VALUES.includes(status)) {
        return { Response: 'Error', Message: 'Variable not set' };
      }
      this.presence.set(presence[1], status);
      this.broadcast({
        Event: 'PresenceStateChange',
        Privilege: 'call,all',
        Presentity: presence[1],
        Status: status,
        Subtype: subtype,
        Message: message,
      });
      return { Response: 'Success', Message: 'Variable Set' };
    }
    return { Response: 'Success', Message: 'Variable Set' };
  }

  private extensionStatus(hint: AmiFakeHint): Fields {
    const bits = hint.hint.split('&').map((d) => DEVICE_BITS[this.devices.get(d) ?? 'UNKNOWN'] ?? 0);
    // Unavailable only when every device is; otherwise the reachable devices decide.
    const all = bits.every((b) => b === 4);
    const status = all ? 4 : bits.reduce((acc, b) => acc | (b & ~4), 0);
    return {
      Event: 'ExtensionStatus',
      Privilege: 'call,all',
      Exten: hint.exten,
      Context: hint.context,
      Hint: hint.hint,
      Status: String(status),
      StatusText: STATUS_TEXT[status] ?? 'Unknown',
    };
  }

  private broadcast(fields: Fields): void {
    // Asterisk writes the Timestamp right after Event and Privilege (manager.conf timestampevents = yes).
    const stamped = this.timestampEvents
      ? { Event: fields.Event, ...pick(fields, 'Privilege'), Timestamp: (this.now() / 1000).toFixed(6), ...fields }
      : fields;
    for (const client of this.clients) if (client.loggedIn && client.events) write(client.socket, stamped);
  }
}

function write(socket: Socket, fields: Fields): void {
  socket.write(
    `${Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`,
  );
}

function pick(fields: Fields, key: string): Fields {
  return fields[key] !== undefined ? { [key]: fields[key] } : {};
}
