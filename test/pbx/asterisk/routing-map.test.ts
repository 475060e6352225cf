import { DEFAULT_ROUTING_DEVICE_STATES, presenceValue, routingDeviceStates } from '../../../src/pbx/asterisk/routing-map';
import { DEFAULT_ROUTING_DEVICE_STATE_CASES } from './helpers/state-tables';

describe('routing device states', () => {
  test.each(DEFAULT_ROUTING_DEVICE_STATE_CASES)('%s becomes %s by default', (routing, device) => {
    expect(DEFAULT_ROUTING_DEVICE_STATES[routing]).toBe(device);
  });

  test('an override replaces only the states it names', () => {
    const states = routingDeviceStates({ busy: 'BUSY' });
    expect(states.busy).toBe('BUSY');
    expect(states.dnd).toBe('BUSY');
    expect(states.available).toBe('NOT_INUSE');
  });
});

describe('presenceValue', () => {
  test.each([
    ['dnd', 'In a meeting', 'dnd,,In a meeting'],
    ['away', '', 'away,,'],
    ['busy', '', 'available,,'],
    ['unavailable', 'Off work', 'unavailable,,Off work'],
    ['dnd', 'a, b\r\nAction: Logoff', 'dnd,,a b Action: Logoff'],
  ] as const)('%s with message %p is %p', (state, message, value) => {
    expect(presenceValue(state, message)).toBe(value);
  });
});
