import { AdminInputError } from '../../../src/service/admin/admin-service';
import { connectorAsSaved, parseSetupChange, secretExpiry } from '../../../src/service/admin/setup-change';
import type { TenantSettings } from '../../../src/service/tenants/tenant-settings';

const STORED = Date.UTC(2027, 0, 31);
const GIVEN = Date.UTC(2027, 5, 30);

describe('the client secret expiry kept after a setup change', () => {
  test.each([
    ['a date given replaces the stored one', { clientSecretExpiresAt: GIVEN }, STORED, GIVEN],
    ['a date given with a new secret is stored', { clientSecret: 'new', clientSecretExpiresAt: GIVEN }, STORED, GIVEN],
    ['null clears the stored date', { clientSecretExpiresAt: null }, STORED, undefined],
    ["a new secret without a date clears the old secret's date", { clientSecret: 'new' }, STORED, undefined],
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

describe('who set the connector addresses that Setup saves', () => {
  const operator = {
    kind: 'webhook' as const,
    url: 'http://127.0.0.1:8080/routing',
    usersUrl: 'http://127.0.0.1:8080/users',
    setBy: 'operator' as const,
  };
  const previous = (connector: TenantSettings['connector']): TenantSettings => ({
    appKind: 'demo',
    authorityHost: 'https://a.example',
    graphBaseUrl: 'https://g.example',
    connector,
  });

  test.each([
    [
      "the operator's addresses saved unchanged stay the operator's",
      previous(operator),
      { url: operator.url, usersUrl: operator.usersUrl },
      'operator',
    ],
    ["one of them saved alone stays the operator's", previous(operator), { url: operator.url }, 'operator'],
    [
      "a changed address is the tenant admin's",
      previous(operator),
      { url: 'http://127.0.0.1:8080/other', usersUrl: operator.usersUrl },
      undefined,
    ],
    ["an address the admin set before stays the admin's", previous({ ...operator, setBy: undefined }), { url: operator.url }, undefined],
    ["a first Setup is the admin's", undefined, { url: operator.url }, undefined],
  ])('%s', (_name, before, change, setBy) => {
    expect(connectorAsSaved({ kind: 'webhook', ...change }, before).setBy).toBe(setBy);
  });
});
