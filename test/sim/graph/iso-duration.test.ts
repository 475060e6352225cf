import { parseIsoDuration } from '../../../src/sim/graph/iso-duration';

describe('parseIsoDuration', () => {
  test.each([
    ['PT5M', 300_000],
    ['PT4H', 14_400_000],
    ['PT1H30M', 5_400_000],
    ['PT90S', 90_000],
    ['P1D', 86_400_000],
    ['P7DT2H', 7 * 86_400_000 + 7_200_000],
    ['pt5m', 300_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  test.each(['', 'P', 'PT', '5M', 'PT5X', 'five minutes', 'PT-5M'])('%p is not a duration', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
  });
});
