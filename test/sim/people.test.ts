import { generatePeople } from '../../src/sim/people';

describe('generatePeople', () => {
  test('is deterministic: same count and seed, same people', () => {
    expect(generatePeople(500, 42)).toEqual(generatePeople(500, 42));
    expect(generatePeople(500, 43).directoryUsers[0].id).not.toBe(generatePeople(500, 42).directoryUsers[0].id);
  });

  test('directory users look like Entra users: GUID ids, unique UPNs, mail in proxyAddresses', () => {
    const { directoryUsers } = generatePeople(3000, 1);
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(directoryUsers.every((u) => guid.test(u.id))).toBe(true);
    expect(new Set(directoryUsers.map((u) => u.id)).size).toBe(directoryUsers.length);
    expect(new Set(directoryUsers.map((u) => u.userPrincipalName)).size).toBe(directoryUsers.length);
    expect(directoryUsers.every((u) => u.proxyAddresses?.includes(`SMTP:${u.mail}`))).toBe(true);
    expect(directoryUsers.some((u) => (u.proxyAddresses ?? []).length > 1)).toBe(true);
    expect(directoryUsers.some((u) => u.teamsPhoneNumber?.startsWith('+'))).toBe(true);
  });

  test('has the mismatches identity matching must show, where it says they are', () => {
    const { directoryUsers, pbxUsers, mismatches } = generatePeople(3000, 1);
    const byExtension = new Map(pbxUsers.map((p) => [p.extension, p]));
    const mails = new Set(directoryUsers.flatMap((u) => [u.mail, u.userPrincipalName]));
    const aliases = new Set(
      directoryUsers.flatMap((u) => (u.proxyAddresses ?? []).filter((a) => a.startsWith('smtp:')).map((a) => a.slice(5))),
    );

    expect(mismatches.aliasOnlyExtensions.length).toBeGreaterThan(0);
    for (const ext of mismatches.aliasOnlyExtensions) {
      const email = byExtension.get(ext)!.email!;
      expect(mails.has(email)).toBe(false);
      expect(aliases.has(email)).toBe(true);
    }
    expect(mismatches.duplicateEmailExtensions.length).toBeGreaterThan(0);
    for (const [a, b] of mismatches.duplicateEmailExtensions) expect(byExtension.get(a)!.email).toBe(byExtension.get(b)!.email);

    expect(mismatches.pbxOnlyExtensions.length).toBeGreaterThan(0);
    for (const ext of mismatches.pbxOnlyExtensions)
      expect(byExtension.get(ext)!.email && mails.has(byExtension.get(ext)!.email)).toBe(false);

    const disabled = directoryUsers.filter((u) => u.accountEnabled === false).map((u) => u.id);
    expect(disabled.length).toBeGreaterThan(0);
    expect(disabled).toEqual(mismatches.disabledUserIds);
    expect(mismatches.teamsOnlyUserIds.length).toBeGreaterThan(0);
  });

  test('PBX users carry extension, e-mail, E.164 number, display name and username', () => {
    const { pbxUsers } = generatePeople(100, 9);
    expect(pbxUsers[0]).toEqual({
      extension: expect.stringMatching(/^\d+$/),
      email: expect.stringContaining('@contoso.com'),
      phoneNumber: expect.stringMatching(/^\+\d+$/),
      displayName: expect.any(String),
      username: expect.any(String),
    });
    expect(new Set(pbxUsers.map((p) => p.extension)).size).toBe(pbxUsers.length);
  });

  test('generates 100,000 people', () => {
    const { directoryUsers, pbxUsers } = generatePeople(100_000, 7);
    expect(directoryUsers.length + generatePeople(100_000, 7).mismatches.pbxOnlyExtensions.length).toBe(100_000);
    expect(pbxUsers.length).toBeGreaterThan(95_000);
  });
});
