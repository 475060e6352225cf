/**
 * The TCP transport on loopback against a bare net.Server playing the PBX: connections opened on demand
 * and again after a drop, the PBX's own connections to our listener, answers on the connection a request
 * came on, and a stream that cannot be read closed with the reason.
 */
import net from 'node:net';
import { once } from 'node:events';
import { SipTransportError, type SipFramingError } from '../../../src/pbx/sip/sip-errors';
import type { Remote, SipConnection, SipTransport } from '../../../src/pbx/sip/sip-transport';
import { openTcpTransport } from '../../../src/pbx/sip/tcp-transport';
import { freeTcpPort } from '../../support/free-ports';

const options = (n: number) => `OPTIONS sip:127.0.0.1 SIP/2.0\r\nCall-ID: o${n}\r\nContent-Length: 0\r\n\r\n`;
const ok = (n: number) => `SIP/2.0 200 OK\r\nCall-ID: o${n}\r\nContent-Length: 0\r\n\r\n`;
const notify = 'NOTIFY sip:pb@127.0.0.1 SIP/2.0\r\nCall-ID: n1\r\nContent-Length: 5\r\n\r\nhello';

/** A PBX that records its connections and what each received. */
async function fakePbx() {
  const server = net.createServer();
  const connections: { socket: net.Socket; received: string }[] = [];
  const arrived: (() => void)[] = [];
  server.on('connection', (socket) => {
    const entry = { socket, received: '' };
    connections.push(entry);
    socket.on('data', (chunk) => {
      entry.received += chunk.toString();
      arrived.splice(0).forEach((wake) => wake());
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port };
  return {
    address,
    connections,
    /** Resolves once connection `index` has received `text`. */
    async received(index: number, text: string) {
      while (!connections[index]?.received.includes(text)) await new Promise<void>((wake) => arrived.push(wake));
    },
    async close() {
      for (const c of connections) c.socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('TCP transport', () => {
  let transport: SipTransport;
  let pbx: Awaited<ReturnType<typeof fakePbx>>;
  let inbox: { text: string; from: Remote; connection?: SipConnection }[];
  let streamErrors: SipFramingError[];
  let nextMessage: () => Promise<(typeof inbox)[number]>;

  beforeEach(async () => {
    pbx = await fakePbx();
    streamErrors = [];
    transport = await openTcpTransport('127.0.0.1', 0, { maxMessageBytes: 2048, onStreamError: (error) => streamErrors.push(error) });
    inbox = [];
    let waiting: (() => void) | undefined;
    transport.onMessage((data, from, connection) => {
      inbox.push({ text: data.toString(), from, connection });
      waiting?.();
    });
    nextMessage = async () => {
      while (inbox.length === 0) await new Promise<void>((wake) => (waiting = wake));
      return inbox.shift()!;
    };
  });

  afterEach(async () => {
    await transport.close();
    await pbx.close();
  });

  test('opens a connection to the PBX on the first send, reuses it, and reads answers cut anyhow from it', async () => {
    expect(transport.protocol).toBe('tcp');
    await transport.send(Buffer.from(options(1)), pbx.address);
    await transport.send(Buffer.from(options(2)), pbx.address);
    await pbx.received(0, options(1) + options(2));
    expect(pbx.connections).toHaveLength(1);

    const answers = ok(1) + ok(2);
    pbx.connections[0].socket.write(answers.slice(0, 10));
    pbx.connections[0].socket.write(answers.slice(10, ok(1).length + 5));
    pbx.connections[0].socket.write(answers.slice(ok(1).length + 5));
    expect((await nextMessage()).text).toBe(ok(1));
    const second = await nextMessage();
    expect(second.text).toBe(ok(2));
    expect(second.from).toEqual({ host: '127.0.0.1', port: pbx.address.port });
  });

  test('takes requests on a connection the PBX opens to our listener and answers on that connection', async () => {
    const pbxSide = net.connect(transport.local.port, transport.local.host);
    await once(pbxSide, 'connect');
    let answered = '';
    pbxSide.on('data', (chunk) => (answered += chunk.toString()));
    pbxSide.write(notify);
    const request = await nextMessage();
    expect(request.text).toBe(notify);
    expect(request.from.port).toBe(pbxSide.localPort);

    expect(request.connection?.write(Buffer.from(ok(7)))).toBe(true);
    while (!answered.includes(ok(7))) await once(pbxSide, 'data');
    expect(answered).toBe(ok(7));
    pbxSide.destroy();
  });

  test('opens a new connection after the PBX dropped the old one', async () => {
    await transport.send(Buffer.from(options(1)), pbx.address);
    await pbx.received(0, options(1));
    const dropped = pbx.connections[0].socket;
    dropped.end();
    // Closed at the PBX once both sides sent FIN: ours has ended, so it is not reused.
    await once(dropped, 'close');
    await transport.send(Buffer.from(options(2)), pbx.address);
    await pbx.received(1, options(2));
    expect(pbx.connections.map((c) => c.received)).toEqual([options(1), options(2)]);
  });

  test('dropConnection closes our connection to the PBX, and the next send opens a new one', async () => {
    await transport.send(Buffer.from(options(1)), pbx.address);
    await pbx.received(0, options(1));
    const closedAtPbx = once(pbx.connections[0].socket, 'close');
    transport.dropConnection!(pbx.address);
    await closedAtPbx;
    await transport.send(Buffer.from(options(2)), pbx.address);
    await pbx.received(1, options(2));
    expect(pbx.connections.map((c) => c.received)).toEqual([options(1), options(2)]);
  });

  test('a send where nobody listens rejects at once with a SipTransportError naming the address', async () => {
    const port = await freeTcpPort();
    const sending = transport.send(Buffer.from(options(1)), { host: '127.0.0.1', port });
    await expect(sending).rejects.toBeInstanceOf(SipTransportError);
    await expect(sending).rejects.toThrow(new RegExp(`^Cannot connect to the PBX at 127\\.0\\.0\\.1:${port} over TCP: .*ECONNREFUSED`));
  });

  test('closes a connection whose stream has a message without Content-Length, after the messages before it', async () => {
    const pbxSide = net.connect(transport.local.port, transport.local.host);
    await once(pbxSide, 'connect');
    pbxSide.write(notify + 'NOTIFY sip:pb@127.0.0.1 SIP/2.0\r\nCall-ID: n2\r\n\r\n');
    await once(pbxSide, 'close');
    expect(inbox.map((m) => m.text)).toEqual([notify]);
    expect(streamErrors.map((e) => e.message)).toEqual([expect.stringMatching(/has no Content-Length, which a stream needs/)]);
  });

  test('closes a connection whose message is larger than the limit', async () => {
    const pbxSide = net.connect(transport.local.port, transport.local.host);
    await once(pbxSide, 'connect');
    pbxSide.write(`NOTIFY sip:pb@127.0.0.1 SIP/2.0\r\nContent-Length: 100000\r\n\r\n`);
    await once(pbxSide, 'close');
    expect(streamErrors.map((e) => e.message)).toEqual([expect.stringMatching(/larger than the limit of 2048 bytes/)]);
  });

  test('close stops the listener and drops every connection', async () => {
    await transport.send(Buffer.from(options(1)), pbx.address);
    await pbx.received(0, options(1));
    const closedAtPbx = once(pbx.connections[0].socket, 'close');
    await transport.close();
    await closedAtPbx;
    const refused = net.connect(transport.local.port, transport.local.host);
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    await expect(transport.send(Buffer.from(options(2)), pbx.address)).resolves.toBeUndefined();
    expect(pbx.connections).toHaveLength(1);
  });
});
