import { lineStateOfExtensionStatus } from '../../../src/pbx/asterisk/extension-status';

describe('lineStateOfExtensionStatus', () => {
  test.each([
    [-2, 'offline'], // extension removed
    [-1, 'offline'], // hint removed
    [0, 'idle'],
    [1, 'onCall'], // InUse
    [2, 'onCall'], // Busy
    [4, 'offline'], // Unavailable
    [8, 'ringing'],
    [9, 'ringing'], // InUse&Ringing
    [16, 'held'],
    [17, 'held'], // InUse&Hold
    [24, 'ringing'], // ringing while another call is on hold
    [3, 'onCall'],
  ])('status %i is line state %s', (status, lineState) => {
    expect(lineStateOfExtensionStatus(status)).toBe(lineState);
  });

  test('reads the status as AMI sends it, as text', () => {
    expect(lineStateOfExtensionStatus(' 8 ')).toBe('ringing');
  });

  test.each(['', 'Idle', 'x1'])('a status that is not a number (%p) has no line state', (status) => {
    expect(lineStateOfExtensionStatus(status)).toBeUndefined();
  });
});
