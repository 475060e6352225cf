/**
 * The SIP connector against a real Kamailio (test/pbx/kamailio) with SIPp phones: line state out,
 * routing state in (PIDF and htable flag), and recovery from a PBX restart. The essential scenarios run
 * over UDP and over TCP; the phones stay on UDP (Kamailio bridges the transports).
 */
import type { LineStateReport } from '../../../src/pbx/connector';
import { SipConnector } from '../../../src/pbx/sip';
import { freeTcpPort, freeUdpPort } from '../../support/free-ports';
import { createKamailioLab, describeWithKamailio, type KamailioLab } from './kamailio-lab';
import { answerOneCall, call, registerLabPhones, registerPhone, type PhoneOptions } from './sipp-phones';
import { waitFor } from './wait-for';

jest.setTimeout(40000);

const TRANSPORTS = ['udp', 'tcp'] as const;
type Transport = (typeof TRANSPORTS)[number];

describeWithKamailio('SIP connector against Kamailio', () => {
  let lab: KamailioLab;
  let phones: PhoneOptions;
  let calleePort: number;
  let presentity: { user: string; event: string }[] = [];
  let callerPort: number;

  const newConnector = (extra: Record<string, unknown> = {}, transport: Transport = 'udp') =>
    new SipConnector({
      tenantId: 'tenant-lab',
      pbxHost: '127.0.0.1',
      pbxPort: transport === 'tcp' ? lab.sipTcpPort : lab.sipPort,
      transport,
      keepaliveIntervalMs: 200,
      t1Ms: 50,
      transactionTimeoutMs: 2000, // generous: a busy CI machine must not look like a PBX outage
      retryBaseMs: 100,
      retryMaxMs: 500,
      ...extra,
    });

  /** 1002 rings for a while, answers; 1001 talks briefly and hangs up. */
  async function answeredCall(): Promise<void> {
    const callee = answerOneCall({ ...phones, phonePort: calleePort, ringMs: 400 });
    const caller = await call({ ...phones, caller: '1001', callee: '1002', expect: 'answered', talkMs: 400, phonePort: callerPort });
    const answered = await callee.done;
    expect(caller).toEqual({ code: 0, errors: '' });
    expect(answered.code).toBe(0);
  }

  const statesOf = (reports: LineStateReport[], extension: string) => reports.filter((r) => r.extension === extension).map((r) => r.state);

  beforeAll(async () => {
    lab = await createKamailioLab();
    await lab.start();
    ({ phones, calleePort, callerPort } = await registerLabPhones(lab, '1002'));
  });

  afterAll(async () => {
    await lab?.dispose();
  });

  test.each(TRANSPORTS)(
    'over %s: reports ringing, then onCall, then idle while a SIPp phone calls a watched extension',
    async (transport) => {
      const connector = newConnector({}, transport);
      const reports: LineStateReport[] = [];
      await connector.start((r) => reports.push(r));
      try {
        await connector.watch(['1001', '1002']);
        await waitFor(
          'both subscriptions active',
          () => connector.health().status === 'connected',
          () => connector.health(),
        );
        await waitFor(
          'the initial idle of 1002',
          () => statesOf(reports, '1002').includes('idle'),
          () => reports,
        );
        reports.length = 0;

        await answeredCall();
        // Kamailio notifies each side of the dialog on its own: the caller's NOTIFYs may trail the callee's.
        await waitFor(
          '1001 and 1002 back to idle',
          () => ['1001', '1002'].every((x) => statesOf(reports, x).at(-1) === 'idle'),
          async () => ({
            reports,
            kamailioWarnings: (await lab.log())
              .split('\n')
              .filter((l) => /WARNING|ERROR/.test(l))
              .slice(-10),
          }),
        );

        expect(statesOf(reports, '1002')).toEqual(['ringing', 'onCall', 'idle']);
        expect(statesOf(reports, '1001')).toEqual(['ringing', 'onCall', 'idle']);
        const times = reports.filter((r) => r.extension === '1002').map((r) => r.at);
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(connector.health()).toMatchObject({ status: 'connected', detail: expect.stringContaining('2 of 2 subscriptions active') });
      } finally {
        await connector.stop();
      }
      expect(connector.health().status).toBe('stopped');
    },
  );

  test.each(TRANSPORTS)(
    'over %s: routing dnd is published as PIDF: the next call gets 486, and after removal it rings again',
    async (transport) => {
      const connector = newConnector({}, transport);
      const reports: LineStateReport[] = [];
      await connector.start((r) => reports.push(r));
      try {
        await connector.watch(['1002']);
        await connector.applyRouting('1002', 'dnd');
        expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'busy', phonePort: callerPort })).toEqual({
          code: 0,
          errors: '',
        });

        await connector.clearRouting('1002');
        await answeredCall();
        await waitFor(
          '1002 rang',
          () => statesOf(reports, '1002').includes('ringing'),
          () => reports,
        );
      } finally {
        await connector.stop();
      }
    },
  );

  test('routing busy set as an htable flag over JSON-RPC makes the next call get 486', async () => {
    const connector = newConnector({ publishPresence: false, htableFlag: { rpcUrl: lab.rpcUrl } });
    await connector.start(() => undefined);
    try {
      await connector.applyRouting('1002', 'busy');
      expect(await lab.rpc('htable.get', ['routing', '1002::state'])).toMatchObject({ item: { value: 'busy' } });
      expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'busy', phonePort: callerPort })).toEqual({
        code: 0,
        errors: '',
      });
      await connector.clearRouting('1002');
      expect(await lab.rpc('htable.get', ['routing', '1002::state'])).toMatchObject({ item: { value: 'available' } });
    } finally {
      await connector.stop();
    }
  });

  test('a PBX that challenges (407 digest): with credentials the connector subscribes, refreshes and publishes; without, it says what to set', async () => {
    await lab.rpc('htable.sets', ['auth', 'pb-auth', 'lab-s3cret']);
    const refused = newConnector({ identityUser: 'pb-auth' });
    await refused.start(() => undefined);
    try {
      await refused.watch(['1002']);
      await waitFor(
        'the refusal',
        () => /PB_PBX_USERNAME and PB_PBX_PASSWORD/.test(refused.health().lastError?.message ?? ''),
        () => refused.health(),
      );
      expect(refused.health().status).not.toBe('connected');
    } finally {
      await refused.stop();
    }

    const connector = newConnector({
      identityUser: 'pb-auth',
      auth: { username: 'pb-auth', password: 'lab-s3cret' },
      subscribeExpiresSec: 10,
    });
    const reports: LineStateReport[] = [];
    await connector.start((r) => reports.push(r));
    try {
      await connector.watch(['1002']);
      await waitFor(
        'the subscription',
        () => connector.health().status === 'connected',
        () => connector.health(),
      );
      // A refresh (in-dialog SUBSCRIBE, challenged again, sent with the next CSeq) is due after 5 s.
      await new Promise((resolve) => setTimeout(resolve, 6500));
      expect(connector.health()).toMatchObject({ status: 'connected', detail: expect.stringContaining('1 of 1 subscriptions active') });
      expect(connector.health().lastError).toBeUndefined();

      await connector.applyRouting('1002', 'dnd');
      expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'busy', phonePort: callerPort })).toEqual({
        code: 0,
        errors: '',
      });
      await connector.clearRouting('1002');
      reports.length = 0;
      await answeredCall();
      await waitFor(
        '1002 rang',
        () => statesOf(reports, '1002').includes('ringing'),
        () => reports,
      );
    } finally {
      await connector.stop();
    }
  });

  test.each(TRANSPORTS)(
    'over %s: after Kamailio restarts, the connector subscribes and publishes again by itself and reports the next call',
    async (transport) => {
      const connector = newConnector({}, transport);
      const reports: LineStateReport[] = [];
      await connector.start((r) => reports.push(r));
      try {
        await connector.watch(['1002']);
        await waitFor(
          'subscription active',
          () => connector.health().status === 'connected',
          () => connector.health(),
        );
        await connector.applyRouting('1002', 'dnd');

        await lab.stop();
        await waitFor(
          'the PBX seen as down',
          () => connector.health().status === 'down',
          () => connector.health(),
        );
        // Over TCP the connection drops with Kamailio: a ping under way times out, the next ones cannot connect.
        expect(connector.health().lastError?.message).toMatch(
          transport === 'udp' ? /No answer from the PBX/ : /No answer from the PBX|Cannot connect to the PBX at 127\.0\.0\.1:\d+ over TCP/,
        );
        await lab.start();
        // Kamailio keeps registrations in memory: the phone registers again, as a real one would.
        expect((await registerPhone({ ...phones, extension: '1002', phonePort: calleePort })).code).toBe(0);
        await waitFor(
          'subscribed again',
          () => connector.health().status === 'connected',
          () => connector.health(),
        );
        await waitFor(
          'dnd published again',
          () => presentity.some((p) => p.user === '1002' && p.event === 'presence'),
          async () => presentity,
          5000,
          async () => {
            presentity = ((await lab.rpc('presence.presentity_list')) ?? []) as typeof presentity;
          },
        );
        expect(await call({ ...phones, caller: '1001', callee: '1002', expect: 'busy', phonePort: callerPort })).toEqual({
          code: 0,
          errors: '',
        });

        await connector.clearRouting('1002');
        reports.length = 0;
        await answeredCall();
        await waitFor(
          '1002 idle again',
          () => statesOf(reports, '1002').includes('onCall') && statesOf(reports, '1002').at(-1) === 'idle',
          () => reports,
        );
      } finally {
        await connector.stop();
      }
    },
  );

  test.each(TRANSPORTS)(
    'over %s: a restart too quick for the pings to notice: the refresh gets 481 and the connector subscribes afresh',
    async (transport) => {
      const statuses: string[] = [];
      const logger = {
        info: () => undefined,
        warn: () => undefined,
        debug: (fields: { status?: string }) => void (fields.status && statuses.push(fields.status)),
      };
      const connector = new SipConnector(
        {
          tenantId: 'tenant-lab',
          pbxHost: '127.0.0.1',
          pbxPort: transport === 'tcp' ? lab.sipTcpPort : lab.sipPort,
          transport,
          keepaliveIntervalMs: 600000,
          subscribeExpiresSec: 10,
          t1Ms: 50,
          transactionTimeoutMs: 2000,
          retryBaseMs: 100,
        },
        { logger },
      );
      const reports: LineStateReport[] = [];
      await connector.start((r) => reports.push(r));
      try {
        await connector.watch(['1002']);
        await waitFor(
          'subscription active',
          () => statuses.includes('active'),
          () => statuses,
        );
        await lab.stop();
        await lab.start();
        expect((await registerPhone({ ...phones, extension: '1002', phonePort: calleePort })).code).toBe(0);
        reports.length = 0;
        // The refresh is due 8 s after subscribing; the restarted Kamailio knows nothing of it.
        await waitFor(
          'the fresh subscription after the 481',
          () => statuses.join() === 'active,pending,active',
          () => statuses,
          12000,
        );
        // Over TCP the first NOTIFY comes on a connection of its own and may trail the 200 to the SUBSCRIBE.
        await waitFor(
          'the first NOTIFY of the fresh subscription',
          () => statesOf(reports, '1002').length > 0,
          () => reports,
        );
        expect(statesOf(reports, '1002')).toEqual(['idle']);
        await answeredCall();
        await waitFor(
          'the call reported',
          () => statesOf(reports, '1002').join() === 'idle,ringing,onCall,idle',
          () => reports,
        );
      } finally {
        await connector.stop();
      }
    },
  );

  test('testConnection answers with the PBX reachable, and with a clear message when nothing listens', async () => {
    const reachable = await newConnector().testConnection();
    expect(reachable).toEqual({ ok: true, message: expect.stringMatching(/answered OPTIONS: 200 Keepalive/) });

    const nobody = await new SipConnector({
      tenantId: 't',
      pbxHost: '127.0.0.1',
      pbxPort: await freeUdpPort(),
      t1Ms: 20,
      transactionTimeoutMs: 200,
    }).testConnection();
    expect(nobody).toEqual({
      ok: false,
      message: expect.stringMatching(/No answer from the PBX at 127\.0\.0\.1:\d+ to OPTIONS within 200 ms/),
      finding: { verdict: 'timedOut' },
    });
  });

  test('testConnection over TCP: the PBX answers on its TCP port; a port where nobody listens is refused at once, not after the timeout', async () => {
    const reachable = await newConnector({}, 'tcp').testConnection();
    expect(reachable).toEqual({ ok: true, message: expect.stringMatching(/answered OPTIONS: 200 Keepalive/) });

    const port = await freeTcpPort();
    const started = Date.now();
    const nobody = await new SipConnector({
      tenantId: 't',
      pbxHost: '127.0.0.1',
      pbxPort: port,
      transport: 'tcp',
      transactionTimeoutMs: 30000,
    }).testConnection();
    expect(nobody).toEqual({
      ok: false,
      message: expect.stringMatching(new RegExp(`^Cannot connect to the PBX at 127\\.0\\.0\\.1:${port} over TCP: .*ECONNREFUSED`)),
      finding: { verdict: 'refused' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
