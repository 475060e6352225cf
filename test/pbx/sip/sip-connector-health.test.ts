/**
 * The SIP connector on fake time with an in-memory PBX: health states, what it reports and when,
 * and routing of NOTIFYs; no network. (sip-connector.test.ts runs it against a real Kamailio.)
 */
import type { LineStateReport } from '../../../src/pbx/connector';
import { ConnectorError } from '../../../src/pbx/connector';
import { SipConnector } from '../../../src/pbx/sip';
import { headerValue, headerValues, type SipRequest } from '../../../src/pbx/sip/sip-message';
import { parseSipMessage } from '../../../src/pbx/sip/sip-parse';
import { serialiseSipMessage } from '../../../src/pbx/sip/sip-serialise';
import { dialogInfo } from './fake-pbx-answers';
import { FakeScheduler } from './fake-scheduler';
import { MemoryTransport } from './memory-transport';

/** A PBX in memory: answers OPTIONS while `up`, SUBSCRIBE with 200 except for unknown extensions. */
function fakePbx(transport: MemoryTransport, unknown: string[] = []) {
  const pbx = { up: true, subscribes: [] as SipRequest[] };
  transport.onSend = (data) => {
    const message = parseSipMessage(data);
    if (message.kind !== 'request' || !pbx.up) return;
    if (message.method === 'SUBSCRIBE') pbx.subscribes.push(message);
    const user = message.uri.match(/^sip:([^@]+)@/)?.[1] ?? '';
    const status = message.method === 'SUBSCRIBE' && unknown.includes(user) ? '404 Not Found' : '200 OK';
    const reply = [
      `SIP/2.0 ${status}`,
      ...headerValues(message, 'Via').map((v) => `Via: ${v}`),
      `From: ${headerValue(message, 'From')}`,
      `To: ${headerValue(message, 'To')};tag=pbx`,
      `Call-ID: ${headerValue(message, 'Call-ID')}`,
      `CSeq: ${headerValue(message, 'CSeq')}`,
      'Expires: 600',
      'Contact: <sip:127.0.0.1:5060>',
      '',
      '',
    ].join('\r\n');
    queueMicrotask(() => transport.deliver(reply));
  };
  const notify = (extension: string, body: string) => {
    const subscribe = [...pbx.subscribes].reverse().find((s) => s.uri.startsWith(`sip:${extension}@`))!;
    transport.deliver(
      serialiseSipMessage({
        kind: 'request',
        method: 'NOTIFY',
        uri: 'sip:presence-bridge@127.0.0.1:5070',
        body,
        headers: [
          { name: 'Via', value: `SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK${Math.random().toString(36).slice(2)}` },
          { name: 'From', value: `<sip:${extension}@127.0.0.1>;tag=pbx` },
          { name: 'To', value: headerValue(subscribe, 'From')! },
          { name: 'Call-ID', value: headerValue(subscribe, 'Call-ID')! },
          { name: 'CSeq', value: `${Math.floor(Math.random() * 1000)} NOTIFY` },
          { name: 'Subscription-State', value: 'active;expires=600' },
          { name: 'Content-Type', value: 'application/dialog-info+xml' },
        ],
      }),
    );
  };
  return Object.assign(pbx, { notify });
}

async function setup(unknown: string[] = []) {
  const transport = new MemoryTransport();
  const scheduler = new FakeScheduler();
  const pbx = fakePbx(transport, unknown);
  const connector = new SipConnector(
    { tenantId: 't1', pbxHost: '127.0.0.1', pbxPort: 5060, keepaliveIntervalMs: 1000, t1Ms: 100, transactionTimeoutMs: 400 },
    { scheduler, clock: scheduler, openTransport: async () => transport },
  );
  const reports: LineStateReport[] = [];
  await connector.start((r) => reports.push(r));
  return { transport, scheduler, pbx, connector, reports };
}

const lastAnswer = (transport: MemoryTransport) => parseSipMessage(transport.out[transport.out.length - 1].data);

describe('SipConnector health and reports', () => {
  test('is starting, then connected when every watched extension is subscribed, degraded when one is refused, down when the PBX is silent', async () => {
    const transport = new MemoryTransport();
    const scheduler = new FakeScheduler();
    const pbx = fakePbx(transport, ['999']);
    const connector = new SipConnector(
      { tenantId: 't1', pbxHost: '127.0.0.1', pbxPort: 5060, keepaliveIntervalMs: 1000, t1Ms: 100, transactionTimeoutMs: 400 },
      { scheduler, clock: scheduler, openTransport: async () => transport },
    );
    expect(connector.health().status).toBe('starting');
    await connector.start(() => undefined);
    await connector.watch(['1002']);
    await scheduler.advance(0);
    expect(connector.health()).toMatchObject({ status: 'connected', detail: expect.stringContaining('1 of 1 subscriptions active') });

    await connector.watch(['1002', '999']);
    await scheduler.advance(0);
    expect(connector.health()).toMatchObject({ status: 'degraded', detail: expect.stringContaining('1 of 2 subscriptions active') });
    expect(connector.health().lastError?.message).toMatch(/404 Not Found. Extension 999 is unknown to the PBX/);

    await connector.watch(['1002']);
    pbx.up = false;
    await scheduler.advance(1500);
    expect(connector.health().status).toBe('down');

    pbx.up = true;
    const subscribesBefore = pbx.subscribes.length;
    await scheduler.advance(1000);
    expect(connector.health().status).toBe('connected');
    expect(pbx.subscribes.length).toBeGreaterThan(subscribesBefore); // subscribed afresh when the PBX came back
    await connector.stop();
    expect(connector.health().status).toBe('stopped');
  });

  test('reports changes only, with times that grow per extension even within one millisecond', async () => {
    const { transport, scheduler, pbx, connector, reports } = await setup();
    await connector.watch(['1002']);
    await scheduler.advance(0);
    for (const [version, state] of [
      [1, 'early'],
      [2, 'early'],
      [3, 'confirmed'],
      [4, 'terminated'],
    ] as const) {
      pbx.notify('1002', dialogInfo(version, state));
      expect(lastAnswer(transport)).toMatchObject({ kind: 'response', status: 200 });
    }
    expect(reports.map((r) => r.state)).toEqual(['ringing', 'onCall', 'idle']);
    const times = reports.map((r) => r.at);
    expect(times.every((at, i) => i === 0 || at > times[i - 1])).toBe(true);
    expect(connector.health().lastEventAt).toBe(0);
    await connector.stop();
  });

  test('answers 481 to a NOTIFY for no subscription of ours, and stops reporting an extension no longer watched', async () => {
    const { transport, scheduler, pbx, connector, reports } = await setup();
    await connector.watch(['1002']);
    await scheduler.advance(0);
    transport.deliver(
      'NOTIFY sip:pb@127.0.0.1:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx\r\nFrom: <sip:1@x>;tag=a\r\nTo: <sip:pb@x>;tag=b\r\nCall-ID: unknown\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n',
    );
    expect(lastAnswer(transport)).toMatchObject({ status: 481 });

    await connector.watch([]);
    pbx.notify('1002', dialogInfo(1, 'confirmed'));
    expect(lastAnswer(transport)).toMatchObject({ status: 481 });
    expect(reports).toEqual([]);
    await connector.stop();
  });

  test("present line states: resolves (nothing more to report) once every watched extension's first NOTIFY was reported", async () => {
    const { scheduler, pbx, connector, reports } = await setup();
    await connector.watch(['1002', '1003']);
    await scheduler.advance(0);
    let resolved: unknown;
    void connector.presentLineStates().then((r) => (resolved = r));
    pbx.notify('1002', dialogInfo(1, 'terminated'));
    await scheduler.advance(0);
    expect(resolved).toBeUndefined(); // 1003 has not said yet
    pbx.notify('1003', dialogInfo(1, 'confirmed'));
    await scheduler.advance(0);
    expect(resolved).toEqual([]);
    expect(reports.map((r) => `${r.extension} ${r.state}`)).toEqual(['1002 idle', '1003 onCall']);
    expect(await connector.presentLineStates()).toEqual([]); // at once from now on
    await connector.stop();
  });

  test('refuses routing before start and for extensions that cannot be a SIP user', async () => {
    const connector = new SipConnector({ tenantId: 't1', pbxHost: '127.0.0.1' });
    await expect(connector.applyRouting('1002', 'dnd')).rejects.toThrow(/not started/);
    const { connector: started } = await setup();
    await expect(started.applyRouting('10 02<', 'dnd')).rejects.toBeInstanceOf(ConnectorError);
    await started.stop();
  });
});
