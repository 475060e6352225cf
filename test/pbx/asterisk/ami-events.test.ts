import { readAmiEvent, type AmiReadOptions } from '../../../src/pbx/asterisk/ami-events';
import { DEVICE_STATE_LINE_STATES } from './helpers/state-tables';

const device: AmiReadOptions = {
  technology: 'PJSIP',
  lineStateSource: 'device',
  ownDevicePrefix: 'Custom:teams-',
  ownPresencePrefix: 'CustomPresence:',
};
const hint: AmiReadOptions = { ...device, lineStateSource: 'hint', hintContext: 'bridge-hints' };

describe('readAmiEvent', () => {
  test.each(DEVICE_STATE_LINE_STATES)('DeviceStateChange %s of PJSIP/1001 is %s', (state, lineState) => {
    expect(readAmiEvent({ event: 'DeviceStateChange', device: 'PJSIP/1001', state }, device)).toEqual({
      kind: 'lineState',
      extension: '1001',
      state: lineState,
    });
  });

  test.each([
    ['0', 'idle'],
    ['1', 'onCall'],
    ['2', 'onCall'],
    ['4', 'offline'],
    ['8', 'ringing'],
    ['9', 'ringing'],
    ['16', 'held'],
    ['17', 'held'],
    ['-1', 'offline'],
    ['-2', 'offline'],
  ])('ExtensionStatus %s is %s', (status, lineState) => {
    const message = { event: 'ExtensionStatus', exten: '1001', context: 'bridge-hints', hint: 'PJSIP/1001&SIP/1001', status };
    expect(readAmiEvent(message, hint)).toEqual({ kind: 'lineState', extension: '1001', state: lineState });
  });

  test('reads the Timestamp of timestampevents = yes', () => {
    const message = { event: 'DeviceStateChange', timestamp: '1736154000.250000', device: 'PJSIP/1001', state: 'INUSE' };
    expect(readAmiEvent(message, device)).toMatchObject({ at: 1736154000250 });
  });

  test.each([
    ['our own Custom: device', { event: 'DeviceStateChange', device: 'Custom:teams-1001', state: 'BUSY' }, device],
    [
      'a hint event in device mode',
      { event: 'ExtensionStatus', exten: '1001', context: 'bridge-hints', hint: 'PJSIP/1001', status: '1' },
      device,
    ],
    ['a device event in hint mode', { event: 'DeviceStateChange', device: 'PJSIP/1001', state: 'INUSE' }, hint],
    [
      'a hint from another context',
      { event: 'ExtensionStatus', exten: '1001', context: 'from-internal', hint: 'PJSIP/1001', status: '1' },
      hint,
    ],
    [
      'a hint that holds our own device (echo)',
      { event: 'ExtensionStatus', exten: '1001', context: 'bridge-hints', hint: 'PJSIP/1001&Custom:teams-1001', status: '2' },
      hint,
    ],
    ['an undocumented device state', { event: 'DeviceStateChange', device: 'PJSIP/1001', state: 'NAPPING' }, device],
    ['another presentity', { event: 'PresenceStateChange', presentity: 'XMPP:bob', status: 'dnd' }, device],
    ['another event', { event: 'Newchannel', channel: 'PJSIP/1001-0001' }, device],
  ])('ignores %s', (_what, message, options) => {
    expect(readAmiEvent(message, options).kind).toBe('ignored');
  });

  test('a presence change of our provider names the extension and status', () => {
    expect(readAmiEvent({ event: 'PresenceStateChange', presentity: 'CustomPresence:1001', status: 'DND' }, device)).toEqual({
      kind: 'presence',
      extension: '1001',
      status: 'dnd',
    });
  });
});
