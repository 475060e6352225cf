/**
 * Each vendor's documented matching, reproduced by its PB_MATCH_STRATEGIES (VENDOR_MATCHING) on one small
 * directory where every user can be matched only one way.
 */
import { matchUsers } from '../../src/identity/match';
import type { DirectoryUser, PbxUser } from '../../src/identity/types';
import { VENDOR_MATCHING } from '../../src/identity/vendor-matching';

const T = 'tenant-1';
const directory: DirectoryUser[] = [
  // Only the Teams phone number ties her to an extension.
  { id: 'phone-only', userPrincipalName: 'p.only@contoso.com', teamsPhoneNumber: '+49 30 1234-501' },
  // Only the UPN (which the PBX holds as its user name).
  { id: 'upn-only', userPrincipalName: 'u.only@contoso.com', mail: 'ursula@contoso.de' },
  // Only the primary mail.
  { id: 'mail-only', userPrincipalName: 'm.only@contoso.onmicrosoft.com', mail: 'mona@contoso.com' },
  // Only an alias (proxyAddresses).
  {
    id: 'alias-only',
    userPrincipalName: 'a.only@contoso.onmicrosoft.com',
    proxyAddresses: ['SMTP:a.only@contoso.onmicrosoft.com', 'smtp:anna@contoso.com'],
  },
];
const pbx: PbxUser[] = [
  { extension: '501', phoneNumber: '+49301234501' },
  { extension: '502', username: 'U.Only@contoso.com' },
  { extension: '503', email: 'MONA@contoso.com' },
  { extension: '504', email: 'anna@contoso.com' },
];

const matched = (strategies: readonly ('upn' | 'mail' | 'proxyAddresses' | 'phone')[]) =>
  matchUsers({ tenantId: T, directoryUsers: directory, pbxUsers: pbx, strategies, overrides: [] })
    .entries.map((e) => `${e.userId}=${e.extension}`)
    .sort();

describe('vendor matching', () => {
  test.each([
    ['daktela', ['phone-only=501']],
    ['procall', ['upn-only=502']],
    ['telia', ['mail-only=503']], // no aliases: anna stays unmatched
    ['nfon', ['mail-only=503']],
    ['swyx', ['upn-only=502']],
  ] as const)('%s matches only as it documents', (vendor, expected) => {
    expect(matched(VENDOR_MATCHING[vendor].strategies)).toEqual(expected);
  });

  test('our default order matches every user one of them would, and the alias too', () => {
    expect(matched(['upn', 'mail', 'proxyAddresses', 'phone'])).toEqual([
      'alias-only=504',
      'mail-only=503',
      'phone-only=501',
      'upn-only=502',
    ]);
  });
});
