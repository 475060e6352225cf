import { normalisePhoneNumber } from '../../src/identity/phone-number';

describe('normalisePhoneNumber', () => {
  test.each([
    ['+49 30 1234-567', '+49301234567'],
    ['+1 (425) 555-0100', '+14255550100'],
    ['+44 (0)20 7946 0000', '+442079460000'],
    ['+44(0)20-7946-0000', '+442079460000'],
    ['tel:+14255550100', '+14255550100'],
    ['TEL:+1 425 555 0100;ext=12', '+14255550100;ext=12'],
    ['030 / 1234.567', '0301234567'],
    ['  1001 ', '1001'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalisePhoneNumber(raw)).toBe(expected);
  });

  test.each([
    ['national and international forms stay different', '030 1234', '+49 30 1234'],
    ['00 is not guessed to be +', '0049301234', '+49301234'],
  ])('does not guess national formats: %s', (_name, a, b) => {
    expect(normalisePhoneNumber(a)).not.toBe(normalisePhoneNumber(b));
  });

  test.each([[''], ['   '], [undefined], [null], ['+'], ['x123'], ['+49 30 1234 ext 5'], ['call me']])('gives no key for %j', (raw) => {
    expect(normalisePhoneNumber(raw)).toBeUndefined();
  });
});
