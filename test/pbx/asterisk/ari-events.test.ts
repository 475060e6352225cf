import { readAriMessage } from '../../../src/pbx/asterisk/ari-events';

const deviceEvent = (name: string, state: string, timestamp = '2024-05-04T10:20:30.123+0000') =>
  JSON.stringify({ type: 'DeviceStateChanged', application: 'presence-bridge', timestamp, device_state: { name, state } });

describe('readAriMessage', () => {
  test('a phone device change is a line state with the PBX time', () => {
    expect(readAriMessage(deviceEvent('PJSIP/1001', 'RINGING'), 'PJSIP')).toEqual({
      kind: 'lineState',
      extension: '1001',
      state: 'ringing',
      at: Date.UTC(2024, 4, 4, 10, 20, 30, 123),
    });
  });

  test.each([
    ['our own Stasis device (no echo)', deviceEvent('Stasis:teams-1001', 'BUSY')],
    ['another technology', deviceEvent('SIP/1001', 'INUSE')],
    ['another event type', JSON.stringify({ type: 'StasisStart', channel: {} })],
  ])('ignores %s', (_what, text) => {
    expect(readAriMessage(text, 'PJSIP').kind).toBe('ignored');
  });

  test.each([
    ['text that is not JSON', 'hello'],
    ['JSON without a type', '{"x":1}'],
    ['a DeviceStateChanged without device_state', '{"type":"DeviceStateChanged"}'],
    ['an undocumented device state', deviceEvent('PJSIP/1001', 'SLEEPING')],
  ])('calls %s malformed', (_what, text) => {
    expect(readAriMessage(text, 'PJSIP').kind).toBe('malformed');
  });

  test('a missing time stamp leaves `at` to the connector', () => {
    const text = JSON.stringify({ type: 'DeviceStateChanged', device_state: { name: 'PJSIP/7', state: 'INUSE' } });
    expect(readAriMessage(text, 'PJSIP')).toEqual({ kind: 'lineState', extension: '7', state: 'onCall' });
  });
});
