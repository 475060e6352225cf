import { matchUsers, type MatchInput } from '../../src/identity/match';
import { MatchOptionsError } from '../../src/identity/errors';
import type { DirectoryUser, MappingOverride, MatchStrategy, PbxUser } from '../../src/identity/types';
import { extension, link, teamsUser, TENANT } from './identity-fixtures';

function run(directoryUsers: DirectoryUser[], pbxUsers: PbxUser[], strategies: MatchStrategy[], overrides: MappingOverride[] = []) {
  return matchUsers({ tenantId: TENANT, directoryUsers, pbxUsers, strategies, overrides });
}

/** "user->extension (strategy)" lines: easy to read in a failing table row. */
function pairs(input: Parameters<typeof run>): string[] {
  return run(...input).entries.map((e) => `${e.userId}->${e.extension} (${e.matchedBy})`);
}

describe('matchUsers: each strategy', () => {
  test.each<[string, Parameters<typeof run>, string[]]>([
    [
      'upn matches the PBX e-mail, ignoring case and blanks',
      [[teamsUser('u1', { userPrincipalName: 'Alice@Contoso.com' })], [extension('1001', { email: ' alice@contoso.COM ' })], ['upn']],
      ['u1->1001 (upn)'],
    ],
    [
      'upn matches the PBX login name (ProCall)',
      [[teamsUser('u1', { userPrincipalName: 'alice@contoso.com' })], [extension('1001', { username: 'ALICE@contoso.com' })], ['upn']],
      ['u1->1001 (upn)'],
    ],
    [
      'upn does not look at mail',
      [
        [teamsUser('u1', { userPrincipalName: 'a1@contoso.onmicrosoft.com', mail: 'alice@contoso.com' })],
        [extension('1001', { email: 'alice@contoso.com' })],
        ['upn'],
      ],
      [],
    ],
    [
      'mail matches the primary address',
      [[teamsUser('u1', { mail: 'Alice@contoso.com' })], [extension('1001', { email: 'alice@contoso.com' })], ['mail']],
      ['u1->1001 (mail)'],
    ],
    [
      'mail matches otherMails',
      [
        [teamsUser('u1', { mail: 'alice@contoso.com', otherMails: ['alice@private.example'] })],
        [extension('1001', { email: 'ALICE@private.example' })],
        ['mail'],
      ],
      ['u1->1001 (mail)'],
    ],
    [
      'mail does not look at aliases',
      [
        [teamsUser('u1', { mail: 'alice@contoso.com', proxyAddresses: ['smtp:a.smith@contoso.com'] })],
        [extension('1001', { email: 'a.smith@contoso.com' })],
        ['mail'],
      ],
      [],
    ],
    [
      'proxyAddresses matches a secondary smtp: alias',
      [
        [teamsUser('u1', { proxyAddresses: ['SMTP:alice@contoso.com', 'smtp:a.smith@contoso.com'] })],
        [extension('1001', { email: 'A.Smith@contoso.com' })],
        ['proxyAddresses'],
      ],
      ['u1->1001 (proxyAddresses)'],
    ],
    [
      'proxyAddresses matches the primary SMTP: address',
      [
        [teamsUser('u1', { proxyAddresses: ['SMTP:alice@contoso.com'] })],
        [extension('1001', { email: 'alice@contoso.com' })],
        ['proxyAddresses'],
      ],
      ['u1->1001 (proxyAddresses)'],
    ],
    [
      'proxyAddresses ignores SIP: and X500: entries',
      [
        [teamsUser('u1', { proxyAddresses: ['SIP:alice@contoso.com', 'X500:/o=x/alice@contoso.com'] })],
        [extension('1001', { email: 'alice@contoso.com' })],
        ['proxyAddresses'],
      ],
      [],
    ],
    [
      'phone matches the Teams phone number after normalisation',
      [[teamsUser('u1', { teamsPhoneNumber: 'tel:+49301234567' })], [extension('1001', { phoneNumber: '+49 30 1234-567' })], ['phone']],
      ['u1->1001 (phone)'],
    ],
    [
      'phone matches a business phone',
      [[teamsUser('u1', { businessPhones: ['+1 (425) 555-0100'] })], [extension('1001', { phoneNumber: '+14255550100' })], ['phone']],
      ['u1->1001 (phone)'],
    ],
    [
      'phone does not guess a national format',
      [[teamsUser('u1', { businessPhones: ['030 1234567'] })], [extension('1001', { phoneNumber: '+49301234567' })], ['phone']],
      [],
    ],
    [
      'phone ignores the mobile number',
      [[teamsUser('u1', { mobilePhone: '+491701234567' })], [extension('1001', { phoneNumber: '+491701234567' })], ['phone']],
      [],
    ],
  ])('%s', (_name, input, expected) => {
    expect(pairs(input)).toEqual(expected);
  });
});

describe('matchUsers: order, exclusions and overrides', () => {
  const alice = teamsUser('alice', {
    userPrincipalName: 'alice@contoso.com',
    mail: 'alice.smith@contoso.com',
    businessPhones: ['+49 30 2001'],
  });
  const ext1001 = extension('1001', { email: 'alice@contoso.com' });
  const ext2001 = extension('2001', { email: 'alice.smith@contoso.com', phoneNumber: '+49302001' });

  test.each<[string, Parameters<typeof run>, string[]]>([
    ['the first strategy that matches wins (upn first)', [[alice], [ext1001, ext2001], ['upn', 'mail']], ['alice->1001 (upn)']],
    ['the first strategy that matches wins (mail first)', [[alice], [ext1001, ext2001], ['mail', 'upn']], ['alice->2001 (mail)']],
    ['a later strategy matches what an earlier one could not', [[alice], [ext2001], ['upn', 'phone']], ['alice->2001 (phone)']],
    ['a strategy not listed is not used', [[alice], [ext2001], ['upn']], []],
    [
      'an override link beats every strategy',
      [[alice], [ext1001, ext2001], ['upn', 'mail'], [link('alice', '2001')]],
      ['alice->2001 (override)'],
    ],
    ['an override exclusion beats every strategy', [[alice], [ext1001], ['upn'], [link('alice', null)]], []],
    ['a disabled account is never matched', [[{ ...alice, accountEnabled: false }], [ext1001], ['upn']], []],
    [
      'a disabled account is not linked by an override either',
      [[{ ...alice, accountEnabled: false }], [ext1001], ['upn'], [link('alice', '1001')]],
      [],
    ],
    [
      'the latest override for a user counts',
      [[alice], [ext1001, ext2001], ['upn'], [link('alice', '2001', 5), link('alice', '1001', 2)]],
      ['alice->2001 (override)'],
    ],
    [
      'overrides of other tenants are ignored',
      [[alice], [ext1001, ext2001], ['upn'], [{ ...link('alice', '2001'), tenantId: 'tenant-b' }]],
      ['alice->1001 (upn)'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(pairs(input)).toEqual(expected);
  });

  test('excluded users are listed with their reason and their extensions stay unmatched', () => {
    const bob = teamsUser('bob', { userPrincipalName: 'bob@contoso.com', accountEnabled: false });
    const result = run([alice, bob], [ext1001, extension('1002', { email: 'bob@contoso.com' })], ['upn'], [link('alice', null)]);
    expect(result.entries).toEqual([]);
    expect(result.excluded).toEqual(['alice', 'bob']);
    expect(result.exclusions).toEqual([
      { userId: 'alice', reason: 'override' },
      { userId: 'bob', reason: 'account-disabled' },
    ]);
    expect(result.unmatchedTeams).toEqual([]);
    expect(result.unmatchedPbx).toEqual(['1001', '1002']);
  });

  test('an override link takes its extension away from the strategies', () => {
    const bob = teamsUser('bob', { userPrincipalName: 'alice@contoso.com' }); // bob would match 1001 by upn
    const result = run([alice, bob], [ext1001], ['upn'], [link('alice', '1001')]);
    expect(result.entries).toEqual([{ tenantId: TENANT, userId: 'alice', extension: '1001', matchedBy: 'override' }]);
    expect(result.unmatchedTeams).toEqual(['bob']);
  });

  test('overrides that cannot be honoured are reported and leave the user unmatched', () => {
    const result = run([alice], [ext1001], ['upn'], [link('alice', '9999'), link('ghost', '1001')]);
    expect(result.entries).toEqual([]);
    expect(result.unmatchedTeams).toEqual(['alice']);
    expect(result.ignoredOverrides).toEqual([
      { userId: 'alice', extension: '9999', reason: 'unknown-extension' },
      { userId: 'ghost', extension: '1001', reason: 'unknown-user' },
    ]);
  });

  test('unknown strategies are refused with the list of known ones', () => {
    const input = { tenantId: TENANT, directoryUsers: [], pbxUsers: [], strategies: ['email'], overrides: [] } as unknown as MatchInput;
    expect(() => matchUsers(input)).toThrow(MatchOptionsError);
    expect(() => matchUsers(input)).toThrow(/upn, mail, proxyAddresses, phone/);
  });
});

describe('matchUsers: conflicts are reported, never resolved at random', () => {
  test('one address on two extensions matches neither (NFON would pick one)', () => {
    const result = run(
      [teamsUser('alice', { mail: 'alice@contoso.com' })],
      [extension('1001', { email: 'alice@contoso.com' }), extension('1002', { email: 'ALICE@contoso.com' })],
      ['mail'],
    );
    expect(result.entries).toEqual([]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ tenantId: TENANT, key: 'mail:alice@contoso.com', userIds: ['alice'], extensions: ['1001', '1002'] }),
    ]);
    expect(result.conflicts[0].reason).toMatch(/override/);
    expect(result.unmatchedTeams).toEqual(['alice']);
    expect(result.unmatchedPbx).toEqual(['1001', '1002']);
  });

  test('one address on two Teams users matches neither, so the extension never maps to two users', () => {
    const result = run(
      [teamsUser('alice', { mail: 'desk@contoso.com' }), teamsUser('bob', { otherMails: ['desk@contoso.com'] })],
      [extension('1001', { email: 'desk@contoso.com' })],
      ['mail'],
    );
    expect(result.entries).toEqual([]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ key: 'mail:desk@contoso.com', userIds: ['alice', 'bob'], extensions: ['1001'] }),
    ]);
  });

  test('a user whose two addresses reach two extensions is a conflict naming both keys', () => {
    const result = run(
      [teamsUser('alice', { mail: 'alice@contoso.com', otherMails: ['a@contoso.com'] })],
      [extension('1001', { email: 'alice@contoso.com' }), extension('1002', { email: 'a@contoso.com' })],
      ['mail'],
    );
    expect(result.entries).toEqual([]);
    expect(result.conflicts.map((c) => c.key)).toEqual(['mail:a@contoso.com,alice@contoso.com']);
  });

  test('a conflict in one strategy leaves the user to the next strategy', () => {
    const result = run(
      [teamsUser('alice', { mail: 'desk@contoso.com', businessPhones: ['+49302001'] }), teamsUser('bob', { mail: 'desk@contoso.com' })],
      [extension('1001', { email: 'desk@contoso.com' }), extension('2001', { phoneNumber: '+49 30 2001' })],
      ['mail', 'phone'],
    );
    expect(result.entries.map((e) => `${e.userId}->${e.extension}`)).toEqual(['alice->2001']);
    // bob and 1001 are still unmatched because of it: the conflict stays visible.
    expect(result.conflicts.map((c) => c.key)).toEqual(['mail:desk@contoso.com']);
  });

  test('a conflict whose members all matched later is no longer reported', () => {
    const result = run(
      [teamsUser('alice', { mail: 'desk@contoso.com', businessPhones: ['+49302001'] })],
      [extension('1001', { email: 'desk@contoso.com' }), extension('1002', { email: 'desk@contoso.com', phoneNumber: '+49302001' })],
      ['mail', 'phone'],
    );
    expect(result.entries.map((e) => `${e.userId}->${e.extension}`)).toEqual(['alice->1002']);
    expect(result.conflicts.map((c) => c.key)).toEqual(['mail:desk@contoso.com']); // 1001 is still unmatched
    expect(result.unmatchedPbx).toEqual(['1001']);
  });

  test('two overrides linking one extension are a conflict and neither link is made', () => {
    const result = run(
      [teamsUser('alice', { mail: 'alice@contoso.com' }), teamsUser('bob')],
      [extension('1001', { email: 'alice@contoso.com' })],
      ['mail'],
      [link('alice', '1001'), link('bob', '1001')],
    );
    expect(result.entries).toEqual([]);
    expect(result.conflicts).toEqual([expect.objectContaining({ key: 'override:1001', userIds: ['alice', 'bob'], extensions: ['1001'] })]);
    expect(result.unmatchedTeams).toEqual(['alice', 'bob']);
  });

  test('excluding one of two users sharing an address resolves the conflict', () => {
    const result = run(
      [teamsUser('alice', { mail: 'desk@contoso.com' }), teamsUser('bob', { mail: 'desk@contoso.com' })],
      [extension('1001', { email: 'desk@contoso.com' })],
      ['mail'],
      [link('bob', null)],
    );
    expect(result.entries.map((e) => `${e.userId}->${e.extension}`)).toEqual(['alice->1001']);
    expect(result.conflicts).toEqual([]);
  });

  test('an extension listed twice by the PBX is one extension, not a conflict', () => {
    const result = run(
      [teamsUser('alice', { mail: 'alice@contoso.com' })],
      [extension('1001', { email: 'alice@contoso.com' }), extension('1001', { email: 'alice@contoso.com', displayName: 'Alice' })],
      ['mail'],
    );
    expect(result.entries.map((e) => `${e.userId}->${e.extension}`)).toEqual(['alice->1001']);
    expect(result.conflicts).toEqual([]);
  });
});

describe('matchUsers at scale', () => {
  test('matches 100,000 users by a mix of strategies', () => {
    const n = 100_000;
    const users: DirectoryUser[] = [];
    const pbx: PbxUser[] = [];
    for (let i = 0; i < n; i++) {
      const byPhone = i % 4 === 0;
      users.push(
        teamsUser(`u${i}`, {
          userPrincipalName: `user${i}@contoso.com`,
          mail: `user${i}@contoso.com`,
          proxyAddresses: [`SMTP:user${i}@contoso.com`, `smtp:u${i}@contoso.com`],
          businessPhones: [`+49 30 ${100000 + i}`],
        }),
      );
      pbx.push(byPhone ? extension(`${i}`, { phoneNumber: `+4930${100000 + i}` }) : extension(`${i}`, { email: `USER${i}@contoso.com` }));
    }
    const result = run(users, pbx, ['upn', 'mail', 'proxyAddresses', 'phone']);
    expect(result.entries).toHaveLength(n);
    expect(result.entries.filter((e) => e.matchedBy === 'phone')).toHaveLength(n / 4);
    expect(result.conflicts).toEqual([]);
  });
});
