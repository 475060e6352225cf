import { ConnectorError } from '../../../src/pbx/connector';
import { createAmiConnector } from '../../../src/pbx/asterisk/ami-connector';
import type { AmiSettingsInput } from '../../../src/pbx/asterisk/ami-settings';
import { AsteriskAuthError, AsteriskRefusedError, AsteriskSettingsError, AsteriskUnreachableError } from '../../../src/pbx/asterisk/errors';
import { AmiFake, type AmiFakeOptions } from './fakes/ami-fake';
import { freeTcpPort } from '../../support/free-ports';
import { useConnectorSuite } from './helpers/connector-suite';
import { DEVICE_STATE_LINE_STATES } from './helpers/state-tables';
import { waitFor } from './helpers/wait-for';

const SECRET = 'am1-s3cret';

describe('AMI connector against the AMI fake', () => {
  const suite = useConnectorSuite({
    newFake: (options: AmiFakeOptions = {}) =>
      new AmiFake({
        secret: SECRET,
        devices: { 'PJSIP/1001': 'NOT_INUSE', 'PJSIP/1002': 'UNAVAILABLE', 'PJSIP/1003': 'INUSE' },
        hints: [
          { exten: '1001', context: 'bridge-hints', hint: 'PJSIP/1001' },
          { exten: '1001', context: 'from-internal', hint: 'PJSIP/1001&Custom:teams-1001' },
        ],
        queueMembers: ['PJSIP/1001'],
        ...options,
      }),
    settings: (fake): AmiSettingsInput => ({ tenantId: 'contoso', host: '127.0.0.1', port: fake.port, username: 'bridge', secret: SECRET }),
    create: createAmiConnector,
    watchBeforeStart: true,
  });
  const { connect, started, last } = suite;

  describe('routing in', () => {
    test.each([
      ['available', 'NOT_INUSE', 'available,,'],
      ['busy', 'INUSE', 'available,,'],
      ['dnd', 'BUSY', 'dnd,,Do not disturb (Teams)'],
      ['away', 'NOT_INUSE', 'away,,Away (Teams)'],
      ['unavailable', 'UNAVAILABLE', 'unavailable,,Offline (Teams)'],
    ] as const)('%s sets Custom:teams-<ext> to %s and CustomPresence to %p', async (routing, deviceState, presence) => {
      const c = await started();
      await c.applyRouting('1001', routing);
      const setvars = suite.fake.actionsNamed('Setvar').slice(-2);
      expect(setvars[0]).toMatchObject({ Variable: 'DEVICE_STATE(Custom:teams-1001)', Value: deviceState });
      expect(setvars[1]).toMatchObject({ Variable: 'PRESENCE_STATE(CustomPresence:1001)', Value: presence });
      expect(suite.fake.devices.get('Custom:teams-1001')).toBe(deviceState);
      expect(c.health().lastSuccessAt).toBe(suite.time.now());
    });

    test('every action carries its own ActionID', async () => {
      const c = await started();
      await c.applyRouting('1001', 'dnd');
      const ids = suite.fake.actions.map((a) => a.ActionID);
      expect(ids.every(Boolean)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    test('presence can be switched off and its text set per state', async () => {
      const c = await started({ presence: { enabled: false } });
      await c.applyRouting('1001', 'dnd');
      expect(suite.fake.actionsNamed('Setvar')).toHaveLength(1);
      await c.stop();
      const d = await started({ presence: { messages: { dnd: 'In a Teams meeting, call later' } } });
      await d.applyRouting('1001', 'dnd');
      expect(suite.fake.actionsNamed('Setvar').at(-1)).toMatchObject({ Value: 'dnd,,In a Teams meeting call later' });
    });

    test.each([
      ['dnd', 'true'],
      ['unavailable', 'true'],
      ['available', 'false'],
      ['busy', 'false'],
    ] as const)('with queue pause on, %s sends QueuePause Paused: %s', async (routing, paused) => {
      const c = await started({ queuePause: { enabled: true, queue: 'support' } });
      await c.applyRouting('1001', routing);
      expect(suite.fake.actionsNamed('QueuePause').at(-1)).toMatchObject({
        Interface: 'PJSIP/1001',
        Paused: paused,
        Queue: 'support',
        Reason: 'Microsoft Teams',
      });
      expect(suite.fake.paused.get('PJSIP/1001')).toBe(paused === 'true');
    });

    test('a user who is no queue agent is not an error', async () => {
      const c = await started({ queuePause: { enabled: true } }, ['1002']);
      await expect(c.applyRouting('1002', 'dnd')).resolves.toBeUndefined();
    });

    test('a missing write permission is refused with the manager.conf fix', async () => {
      await suite.replaceFake({ writeClasses: [] });
      const c = await started();
      const failure = await c.applyRouting('1001', 'busy').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AsteriskRefusedError);
      expect((failure as Error).message).toMatch(/Permission denied.*write = call/);
      expect(c.health().lastError?.message).toMatch(/Permission denied/);
    });

    test('while disconnected routing fails as retryable and sends nothing', async () => {
      const c = connect();
      const failure = await c.applyRouting('1001', 'busy').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AsteriskUnreachableError);
      expect((failure as ConnectorError).retryable).toBe(true);
      expect(suite.fake.actions).toEqual([]);
    });

    test('an invalid extension is refused before anything is sent', async () => {
      const c = await started();
      const before = suite.fake.actions.length;
      await expect(c.applyRouting('1001)=x\r\nAction: Originate', 'busy')).rejects.toThrow(ConnectorError);
      expect(suite.fake.actions.length).toBe(before);
    });
  });

  describe('line state out', () => {
    test('logs in for call events and takes a DeviceStateList snapshot of the watched phones', async () => {
      await started({}, ['1001', '1002', '1003']);
      expect(suite.fake.actionsNamed('Login')[0]).toMatchObject({ Username: 'bridge', Events: 'call' });
      await waitFor(() => suite.reports.length >= 3, 'three snapshot reports');
      expect(last('1001')?.state).toBe('idle');
      expect(last('1002')?.state).toBe('offline');
      expect(last('1003')?.state).toBe('onCall');
    });

    test('asked for the present line states (start-up), lists the device states again: a call whose end was missed shows idle', async () => {
      const c = await started({}, ['1001', '1002', '1003']);
      await waitFor(() => last('1003'), 'the snapshot');
      suite.fake.devices.set('PJSIP/1003', 'NOT_INUSE'); // the call ended without an event reaching us
      expect(await c.presentLineStates!()).toEqual([]); // reported through onLineState
      expect(last('1003')?.state).toBe('idle');
    });

    test.each(DEVICE_STATE_LINE_STATES)('DeviceStateChange %s of PJSIP/1001 reports %s', async (state, lineState) => {
      await started();
      const before = suite.reports.length;
      suite.fake.setDeviceState('PJSIP/1001', state);
      const report = await waitFor(() => suite.reports.length > before && suite.reports.at(-1), 'a report');
      expect(report).toMatchObject({ extension: '1001', state: lineState });
    });

    test('reports neither its own Custom:/CustomPresence writes (no echo) nor unwatched phones', async () => {
      const c = await started();
      await waitFor(() => last('1001'), 'the snapshot');
      suite.reports = [];
      await c.applyRouting('1001', 'dnd');
      suite.fake.setDeviceState('PJSIP/1009', 'INUSE');
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      await waitFor(() => suite.reports.length > 0, 'the phone event');
      expect(suite.reports).toEqual([expect.objectContaining({ extension: '1001', state: 'ringing' })]);
    });

    test('in hint mode reads ExtensionStatus of the phone-only hint and ignores the one holding our device', async () => {
      await started({ lineStateSource: 'hint', hintContext: 'bridge-hints' });
      expect(suite.fake.actionsNamed('ExtensionStateList')).toHaveLength(1);
      await waitFor(() => last('1001'), 'the snapshot');
      suite.reports = [];
      suite.fake.setDeviceState('PJSIP/1001', 'ONHOLD');
      await waitFor(() => suite.reports.length > 0, 'the hint event');
      expect(suite.reports).toEqual([expect.objectContaining({ extension: '1001', state: 'held' })]);
    });

    test('a dnd someone else sets on our CustomPresence shows as dnd, and its end restores the phone state', async () => {
      await started();
      await waitFor(() => last('1001'), 'the snapshot');
      suite.fake.setPresence('CustomPresence:1001', 'dnd', 'set on the phone');
      await waitFor(() => last('1001')?.state === 'dnd', 'the dnd report');
      suite.fake.setDeviceState('PJSIP/1001', 'INUSE');
      await waitFor(() => last('1001')?.state === 'onCall', 'a call during dnd');
      suite.fake.setDeviceState('PJSIP/1001', 'NOT_INUSE');
      await waitFor(() => last('1001')?.state === 'dnd', 'dnd again after the call');
      suite.fake.setPresence('CustomPresence:1001', 'available');
      await waitFor(() => last('1001')?.state === 'idle', 'the end of dnd');
    });

    test('uses the AMI Timestamp, strictly increasing per extension', async () => {
      await started();
      await waitFor(() => last('1001'), 'the snapshot');
      const before = suite.reports.length;
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      suite.fake.setDeviceState('PJSIP/1001', 'INUSE');
      await waitFor(() => suite.reports.length >= before + 2, 'two reports');
      const [ring, answer] = suite.reports.slice(before);
      expect(answer.at).toBeGreaterThan(ring.at);
      expect(Math.abs(ring.at - Date.now())).toBeLessThan(60_000); // the PBX's clock, not the fake clock
    });

    test('watching a new extension snapshots it', async () => {
      const c = await started();
      await c.watch(['1001', '1003']);
      await waitFor(() => last('1003'), 'a snapshot of 1003');
      expect(last('1003')?.state).toBe('onCall');
    });
  });

  describe('health and failures', () => {
    test('is connected with a plain detail after login', async () => {
      const c = await started();
      expect(c.health()).toMatchObject({ status: 'connected', detail: expect.stringContaining('PJSIP/<ext> device states') });
    });

    test('refused login: start resolves, health is down with the fix, retried slowly, test fails clearly', async () => {
      const c = connect({ secret: 'wrong' });
      await c.start((r) => suite.reports.push(r));
      const health = c.health();
      expect(health.status).toBe('down');
      expect(health.lastError?.message).toMatch(/refused the login of user "bridge".*Authentication failed.*manager\.conf/);
      expect(JSON.stringify(health)).not.toContain('wrong');
      expect(suite.time.waiting()).toEqual([30_000]);
      const test = await c.testConnection();
      expect(test).toEqual({ ok: false, message: expect.stringMatching(/Authentication failed/), finding: { verdict: 'refused' } });
      const failure = await c.applyRouting('1001', 'busy').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AsteriskUnreachableError);
      expect((failure as Error).message).toMatch(/not connected.*Authentication failed/);
    });

    test('logs in by itself once the secret is fixed', async () => {
      suite.fake.secret = 'rotated';
      const c = await started();
      expect(c.health().status).toBe('down');
      suite.fake.secret = SECRET;
      suite.time.advance(30_000);
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
    });

    test('an unreachable server is down and retried with backoff', async () => {
      const port = await freeTcpPort();
      const c = connect({ port });
      await c.start(() => undefined);
      expect(c.health()).toMatchObject({ status: 'down', lastError: { message: expect.stringMatching(/did not answer/) } });
      expect(suite.time.waiting()).toHaveLength(1);
      expect(suite.time.waiting()[0]).toBeLessThan(30_000);
    });

    test('after a server restart it logs in again and events flow again', async () => {
      const c = await started();
      await suite.fake.restart();
      await waitFor(() => c.health().status === 'down', 'the drop to be noticed');
      expect(c.health().detail).toMatch(/ended.*Retrying in/);
      suite.time.advance(Math.max(...suite.time.waiting()));
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      await waitFor(() => last('1001')?.state === 'ringing', 'an event after the restart');
    });

    test('pings on the keep-alive interval', async () => {
      const c = await started({ pingIntervalMs: 20_000 });
      suite.time.advance(20_000);
      await waitFor(() => suite.fake.actionsNamed('Ping').length === 1, 'the first ping');
      await waitFor(() => c.health().lastSuccessAt === suite.time.now(), 'the pong');
      suite.time.advance(20_000);
      await waitFor(() => suite.fake.actionsNamed('Ping').length === 2, 'the second ping');
    });

    test('an unanswered ping drops the dead connection and reconnects', async () => {
      const c = await started({ pingIntervalMs: 20_000, actionTimeoutMs: 5_000 });
      suite.fake.answerPings = false;
      suite.time.advance(20_000);
      await waitFor(() => suite.fake.actionsNamed('Ping').length === 1, 'the ping');
      suite.time.advance(5_000);
      await waitFor(() => c.health().status === 'down', 'the drop');
      suite.fake.answerPings = true;
      suite.time.advance(Math.max(...suite.time.waiting()));
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
      expect(suite.fake.actionsNamed('Login')).toHaveLength(2);
    });

    test('stop logs out of the picture: stopped, socket closed, no reconnect', async () => {
      const c = await started();
      await c.stop();
      expect(c.health().status).toBe('stopped');
      await waitFor(() => suite.fake.loggedInClients() === 0, 'the socket to close');
      expect(suite.time.waiting()).toEqual([]);
    });

    test('testConnection logs in with events off, pings and logs off', async () => {
      const c = connect();
      expect(await c.testConnection()).toEqual({
        ok: true,
        message: expect.stringContaining('Asterisk Call Manager/9.0.0'),
      });
      expect(suite.fake.actionsNamed('Login')[0]).toMatchObject({ Events: 'off' });
      expect(suite.fake.actionsNamed('Logoff')).toHaveLength(1);
    });

    test('capabilities leave out listing users (least privilege)', () => {
      expect(connect().capabilities()).toEqual({ lineStateOut: true, routingIn: true, listUsers: false });
    });
  });

  describe('settings', () => {
    test('bad values are refused with every problem named, never echoing the secret', () => {
      const attempt = () =>
        createAmiConnector({
          tenantId: 'contoso',
          host: 'pbx example',
          username: 'bridge',
          secret: 'hunter2\r\nAction: Originate',
          port: 70000,
          queuePause: { enabled: true, pausedStates: ['sleeping'] },
        } as never);
      expect(attempt).toThrow(AsteriskSettingsError);
      try {
        attempt();
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toMatch(/host: give the Asterisk host/);
        expect(message).toMatch(/port/);
        expect(message).toMatch(/secret: one line only/);
        expect(message).toMatch(/queuePause\.pausedStates/);
        expect(message).not.toContain('hunter2');
      }
    });

    test('the login answers an MD5 challenge: the secret itself is never sent', async () => {
      const { AmiSession } = await import('../../../src/pbx/asterisk/ami-session');
      const session = await AmiSession.open({
        host: '127.0.0.1',
        port: suite.fake.port,
        username: 'bridge',
        secret: SECRET,
        events: 'off',
        timeoutMs: 1000,
        scheduler: suite.time,
        onEvent: () => undefined,
        onClose: () => undefined,
      });
      session.close();
      const login = suite.fake.actionsNamed('Login').at(-1)!;
      expect(suite.fake.actionsNamed('Challenge').at(-1)).toMatchObject({ AuthType: 'MD5' });
      expect(login).toMatchObject({ AuthType: 'MD5', Username: 'bridge', Key: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(login.Secret).toBeUndefined();
      expect(JSON.stringify(suite.fake.actions)).not.toContain(SECRET);
    });

    test('a refused login is an auth error that is not retryable', async () => {
      const { AmiSession } = await import('../../../src/pbx/asterisk/ami-session');
      const failure = await AmiSession.open({
        host: '127.0.0.1',
        port: suite.fake.port,
        username: 'bridge',
        secret: 'nope',
        events: 'off',
        timeoutMs: 1000,
        scheduler: suite.time,
        onEvent: () => undefined,
        onClose: () => undefined,
      }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AsteriskAuthError);
      expect((failure as ConnectorError).retryable).toBe(false);
    });
  });
});
