import { AdminInputError } from '../../src/admin/admin-service';
import { parseSetupChange, secretExpiry } from '../../src/runtime/admin/setup-change';

const STORED = Date.UTC(2027, 0, 31);
const GIVEN = Date.UTC(2027, 5, 30);

describe('the client secret expiry kept after a setup change', () => {
  test.each([
    ['a date given replaces the stored one', { clientSecretExpiresAt: GIVEN }, STORED, GIVEN],
    ['a date given with a new secret is stored', { clientSecret: 'new', clientSecretExpiresAt: GIVEN }, STORED, GIVEN],
    ['null clears the stored date', { clientSecretExpiresAt: null }, STORED, undefined],
    ['a new secret without a date clears the old secret\'s date', { clientSecret: 'new' }, STORED, undefined],
    ['a change that touches neither keeps the stored date', {}, STORED, STORED],
    ['nothing stored, nothing given: still none', {}, undefined, undefined],
  ])('%s', (_name, change, stored, expected) => {
    expect(secretExpiry(change, stored)).toBe(expected);
  });

  test('the API takes null (not known) and refuses anything but a positive time', () => {
    expect(parseSetupChange('t1', { clientSecretExpiresAt: null }).clientSecretExpiresAt).toBeNull();
    for (const bad of [0, -5, 1.5, '2027-01-31']) {
      const attempt = () => parseSetupChange('t1', { clientSecretExpiresAt: bad });
      expect(attempt).toThrow(AdminInputError);
      expect(attempt).toThrow(/^clientSecretExpiresAt: must be a time in ms since 1970/);
    }
  });
});
