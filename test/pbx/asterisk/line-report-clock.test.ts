import { LineReportClock, parseAmiTimestamp, parseAriTimestamp } from '../../../src/pbx/asterisk/line-report-clock';

describe('LineReportClock', () => {
  test('keeps the PBX time when it moves on', () => {
    const clock = new LineReportClock();
    expect(clock.report('1001', 'ringing', 1000).at).toBe(1000);
    expect(clock.report('1001', 'onCall', 2000).at).toBe(2000);
  });

  test('moves a tie or a step back on by 1 ms so each change of one extension has a newer version', () => {
    const clock = new LineReportClock();
    clock.report('1001', 'ringing', 1000);
    expect(clock.report('1001', 'onCall', 1000).at).toBe(1001);
    expect(clock.report('1001', 'idle', 900).at).toBe(1002);
  });

  test('orders each extension on its own', () => {
    const clock = new LineReportClock();
    clock.report('1001', 'ringing', 1000);
    expect(clock.report('1002', 'ringing', 1000).at).toBe(1000);
  });
});

describe('time stamps', () => {
  test.each([
    ['2024-05-04T10:20:30.123+0000', Date.UTC(2024, 4, 4, 10, 20, 30, 123)],
    ['2024-05-04T10:20:30.123+0200', Date.UTC(2024, 4, 4, 8, 20, 30, 123)],
    ['2024-05-04T10:20:30.123-0530', Date.UTC(2024, 4, 4, 15, 50, 30, 123)],
    ['not a time', undefined],
    [undefined, undefined],
  ])('ARI %p is %p', (text, ms) => {
    expect(parseAriTimestamp(text)).toBe(ms);
  });

  test.each([
    ['1627089414.908005', 1627089414908],
    ['0', undefined],
    ['soon', undefined],
  ])('AMI %p is %p', (text, ms) => {
    expect(parseAmiTimestamp(text)).toBe(ms);
  });
});
