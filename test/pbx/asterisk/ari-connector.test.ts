import { ConnectorError } from '../../../src/pbx/connector';
import { createAriConnector } from '../../../src/pbx/asterisk/ari-connector';
import type { AriSettingsInput } from '../../../src/pbx/asterisk/ari-settings';
import { AsteriskAuthError, AsteriskSettingsError } from '../../../src/pbx/asterisk/errors';
import { AriFake } from './fakes/ari-fake';
import { freeTcpPort } from '../../support/free-ports';
import { useConnectorSuite } from './helpers/connector-suite';
import { DEVICE_STATE_LINE_STATES, DEFAULT_ROUTING_DEVICE_STATE_CASES } from './helpers/state-tables';
import { waitFor } from './helpers/wait-for';

const PASSWORD = 's3cret';

describe('ARI connector against the ARI fake', () => {
  const suite = useConnectorSuite({
    newFake: () =>
      new AriFake({
        password: PASSWORD,
        endpoints: [
          { resource: '1001', state: 'online' },
          { resource: '1002', state: 'offline' },
          { resource: '1003', state: 'online', channel_ids: ['1700000000.1'] },
        ],
      }),
    settings: (fake): AriSettingsInput => ({ tenantId: 'contoso', url: fake.url, username: 'bridge', password: PASSWORD }),
    create: createAriConnector,
    watchBeforeStart: false,
  });
  const { connect, started, last } = suite;

  describe('routing in', () => {
    test.each(DEFAULT_ROUTING_DEVICE_STATE_CASES)('%s sets Stasis:teams-<ext> to %s', async (routing, deviceState) => {
      const c = await started();
      await c.applyRouting('1001', routing);
      const request = suite.fake.routingRequests().at(-1);
      expect(request?.path).toBe('/ari/deviceStates/Stasis:teams-1001');
      expect(request?.query).toEqual({ deviceState });
      expect(suite.fake.devices.get('Stasis:teams-1001')).toBe(deviceState);
      expect(c.health().lastSuccessAt).toBe(suite.time.now());
    });

    test('the prefix and a per-state override come from the settings', async () => {
      const c = await started({ stasisPrefix: 'ms-', routingDeviceStates: { busy: 'BUSY' } });
      await c.applyRouting('1001', 'busy');
      expect(suite.fake.devices.get('Stasis:ms-1001')).toBe('BUSY');
    });

    test('routing works without the event stream (REST only)', async () => {
      const c = connect();
      await c.applyRouting('1001', 'dnd');
      expect(suite.fake.devices.get('Stasis:teams-1001')).toBe('BUSY');
    });

    test('an invalid extension is refused before anything is sent', async () => {
      const c = await started();
      const before = suite.fake.requests.length;
      await expect(c.applyRouting('10 01\r\n', 'busy')).rejects.toThrow(ConnectorError);
      expect(suite.fake.requests.length).toBe(before);
    });
  });

  describe('line state out', () => {
    test('subscribes the application to each watched phone device', async () => {
      await started({}, ['1001', '1002']);
      expect(suite.fake.subscriptions('presence-bridge')).toEqual(['PJSIP/1001', 'PJSIP/1002']);
      const ws = suite.fake.requests.find((r) => r.method === 'WS');
      expect(ws?.query).toMatchObject({ app: 'presence-bridge', subscribeAll: 'false' });
    });

    test.each(DEVICE_STATE_LINE_STATES)('DeviceStateChanged %s for PJSIP/1001 reports %s', async (deviceState, lineState) => {
      await started();
      const before = suite.reports.length;
      suite.fake.setDeviceState('PJSIP/1001', deviceState);
      const report = await waitFor(() => suite.reports.length > before && suite.reports.at(-1), 'a line state report');
      expect(report).toMatchObject({ extension: '1001', state: lineState });
    });

    test('takes a snapshot of the watched endpoints after connecting', async () => {
      await started({}, ['1001', '1002', '1003']);
      await waitFor(() => suite.reports.length >= 3, 'three snapshot reports');
      expect(last('1001')?.state).toBe('idle');
      expect(last('1002')?.state).toBe('offline');
      expect(last('1003')?.state).toBe('onCall');
    });

    test('asked for the present line states (start-up), reads the endpoints again: a call whose end was missed shows idle', async () => {
      const c = await started({}, ['1001', '1002', '1003']);
      await waitFor(() => last('1003'), 'the snapshot');
      suite.fake.endpoints[2].channel_ids = []; // the call ended without an event reaching us
      expect(await c.presentLineStates!()).toEqual([]); // reported through onLineState
      expect(last('1003')?.state).toBe('idle');
    });

    test('reports neither unwatched phones nor its own Stasis device (no echo), even with subscribeAll', async () => {
      const c = await started({ subscribeAll: true });
      await waitFor(() => last('1001'), 'the snapshot');
      suite.reports = [];
      await c.applyRouting('1001', 'dnd');
      suite.fake.setDeviceState('PJSIP/1009', 'INUSE');
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      await waitFor(() => suite.reports.length > 0, 'the phone event');
      expect(suite.reports).toEqual([expect.objectContaining({ extension: '1001', state: 'ringing' })]);
      expect(suite.fake.subscriptions('presence-bridge')).toEqual([]);
    });

    test('watching fewer extensions unsubscribes the others; more subscribes and snapshots them', async () => {
      const c = await started({}, ['1001', '1002']);
      await c.watch(['1002', '1003']);
      expect(suite.fake.subscriptions('presence-bridge')).toEqual(['PJSIP/1002', 'PJSIP/1003']);
      await waitFor(() => last('1003'), 'a snapshot of 1003');
      expect(last('1003')?.state).toBe('onCall');
    });

    test('an unreadable message is skipped and later events still arrive', async () => {
      await started();
      suite.fake.sendRaw('presence-bridge', 'not json');
      suite.fake.setDeviceState('PJSIP/1001', 'ONHOLD');
      await waitFor(() => last('1001')?.state === 'held', 'the held report');
    });

    test('uses the PBX time stamp, strictly increasing per extension', async () => {
      await started();
      await waitFor(() => last('1001'), 'the snapshot');
      const before = suite.reports.length;
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      suite.fake.setDeviceState('PJSIP/1001', 'INUSE');
      await waitFor(() => suite.reports.length >= before + 2, 'two reports');
      const [ring, answer] = suite.reports.slice(before);
      expect(answer.at).toBeGreaterThan(ring.at);
    });
  });

  describe('health and failures', () => {
    test('pings Asterisk on the keep-alive interval while connected', async () => {
      await started({ pingIntervalMs: 20_000 });
      const pings = () => suite.fake.requests.filter((r) => r.path === '/ari/asterisk/ping').length;
      expect(pings()).toBe(0);
      suite.time.advance(20_000);
      await waitFor(() => pings() === 1, 'the first ping');
      suite.time.advance(20_000);
      await waitFor(() => pings() === 2, 'the second ping');
    });

    test('a hung Asterisk (socket open, no answers) is noticed by the ping: dropped, then reconnected once it answers', async () => {
      const c = await started({ pingIntervalMs: 20_000, requestTimeoutMs: 300 }, ['1001']);
      const sockets = suite.fake.requests.filter((r) => r.path === '/ari/events').length;
      suite.fake.answerPings = false;
      suite.time.advance(20_000);
      await waitFor(() => c.health().status === 'down', 'the drop');
      expect(c.health().lastError?.message).toMatch(/did not answer a ping/);
      suite.fake.answerPings = true;
      suite.time.advance(Math.max(...suite.time.waiting()));
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
      expect(suite.fake.requests.filter((r) => r.path === '/ari/events').length).toBe(sockets + 1);
    });

    test('is connected with a plain detail once the events stream is up', async () => {
      const c = await started({}, ['1001', '1002']);
      expect(c.health()).toMatchObject({ status: 'connected', detail: expect.stringContaining('2 device subscription') });
    });

    test('refused credentials: start still resolves, health is down with the fix, routing and test fail clearly', async () => {
      const c = connect({ password: 'wrong' });
      await c.start((r) => suite.reports.push(r));
      const health = c.health();
      expect(health.status).toBe('down');
      expect(health.lastError?.message).toMatch(/refused the credentials.*ari\.conf/);
      expect(JSON.stringify(health)).not.toContain('wrong');
      const failure = await c.applyRouting('1001', 'busy').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AsteriskAuthError);
      expect((failure as ConnectorError).retryable).toBe(false);
      const test = await c.testConnection();
      expect(test.ok).toBe(false);
      expect(test.message).toMatch(/401/);
      // A refusal is retried at the longest delay: hammering cannot help until an admin changes it.
      expect(suite.time.waiting()).toEqual([30_000]);
    });

    test('connects by itself once the credentials are fixed', async () => {
      suite.fake.password = 'rotated';
      const c = connect();
      await c.start((r) => suite.reports.push(r));
      await c.watch(['1001']);
      expect(c.health().status).toBe('down');
      suite.fake.password = PASSWORD;
      suite.time.advance(30_000);
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
      await waitFor(() => suite.fake.subscriptions('presence-bridge').length === 1, 'the subscription');
    });

    test('an unreachable server is down and retried with backoff', async () => {
      const port = await freeTcpPort();
      const c = connect({ url: `http://127.0.0.1:${port}/ari` });
      await c.start(() => undefined);
      expect(c.health()).toMatchObject({ status: 'down', lastError: { message: expect.stringMatching(/did not answer/) } });
      expect(suite.time.waiting()).toHaveLength(1);
      expect(suite.time.waiting()[0]).toBeLessThan(30_000);
      expect((await c.testConnection()).ok).toBe(false);
    });

    test('after a server restart it reconnects, resubscribes and events flow again', async () => {
      const c = await started();
      await suite.fake.restart();
      await waitFor(() => c.health().status === 'down', 'the drop to be noticed');
      expect(c.health().detail).toMatch(/Retrying in/);
      suite.time.advance(suite.time.waiting()[0]);
      await waitFor(() => c.health().status === 'connected', 'the reconnect');
      await waitFor(() => suite.fake.subscriptions('presence-bridge').length === 1, 'the resubscription');
      suite.fake.setDeviceState('PJSIP/1001', 'RINGING');
      await waitFor(() => last('1001')?.state === 'ringing', 'an event after the restart');
    });

    test('a refused subscription is degraded, then retried until it works', async () => {
      suite.fake.missingEventSources.add('PJSIP/1001');
      const c = await started();
      expect(c.health()).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/not subscribed.*422/) });
      suite.fake.missingEventSources.clear();
      suite.time.advance(suite.time.waiting()[0]);
      await waitFor(() => c.health().status === 'connected', 'the retried subscription');
      expect(suite.fake.subscriptions('presence-bridge')).toEqual(['PJSIP/1001']);
    });

    test('stop closes the stream, reports stopped and never reconnects', async () => {
      const c = await started();
      await c.stop();
      expect(c.health().status).toBe('stopped');
      await waitFor(() => suite.fake.connectedApps().length === 0, 'the socket to close');
      expect(suite.time.waiting()).toEqual([]);
    });

    test('testConnection names the Asterisk version', async () => {
      const c = connect();
      expect(await c.testConnection()).toEqual({ ok: true, message: expect.stringContaining('Asterisk 20.5.0') });
    });

    test('listUsers lists the endpoints of the technology', async () => {
      const c = connect();
      expect(await c.listUsers?.()).toEqual([{ extension: '1001' }, { extension: '1002' }, { extension: '1003' }]);
    });
  });

  describe('settings', () => {
    test('bad values are refused with every problem named, never echoing the password', () => {
      const attempt = () => createAriConnector({ tenantId: '', url: 'pbx:8088', username: 'u', password: 'hunter2', stasisPrefix: 'a/b' });
      expect(attempt).toThrow(AsteriskSettingsError);
      try {
        attempt();
      } catch (error) {
        const message = (error as Error).message;
        expect(message).toMatch(/tenantId/);
        expect(message).toMatch(/url: give the ARI base URL/);
        expect(message).toMatch(/stasisPrefix/);
        expect(message).not.toContain('hunter2');
      }
    });
  });
});
