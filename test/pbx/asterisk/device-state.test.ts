import { ASTERISK_DEVICE_STATES, extensionOfDevice, lineStateOfDeviceState } from '../../../src/pbx/asterisk/device-state';
import { DEVICE_STATE_LINE_STATES } from './helpers/state-tables';

describe('lineStateOfDeviceState', () => {
  test.each(DEVICE_STATE_LINE_STATES)('device state %s is line state %s', (deviceState, lineState) => {
    expect(lineStateOfDeviceState(deviceState)).toBe(lineState);
  });

  test('every documented device state has a line state', () => {
    for (const state of ASTERISK_DEVICE_STATES) expect(lineStateOfDeviceState(state)).toBeDefined();
  });

  test.each(['not_inuse', ' INUSE '])('reads %p regardless of case and spaces', (value) => {
    expect(lineStateOfDeviceState(value)).toBeDefined();
  });

  test.each(['', 'TOTAL', 'IDLE'])('an undocumented value %p has no line state', (value) => {
    expect(lineStateOfDeviceState(value)).toBeUndefined();
  });
});

describe('extensionOfDevice', () => {
  test.each([
    ['PJSIP/1001', 'PJSIP', '1001'],
    ['pjsip/1001', 'PJSIP', '1001'],
    ['SIP/2002', 'SIP', '2002'],
    ['PJSIP/', 'PJSIP', undefined],
    ['Stasis:teams-1001', 'PJSIP', undefined],
    ['Custom:teams-1001', 'PJSIP', undefined],
    ['SIP/1001', 'PJSIP', undefined],
  ])('%s with technology %s is extension %p', (device, technology, extension) => {
    expect(extensionOfDevice(device, technology)).toBe(extension);
  });
});
