import { applyOverrideImport, exportOverridesCsv, planOverrideImport, type OverrideImportInput } from '../../src/identity/csv';
import { ImportRejectedError } from '../../src/identity/errors';
import type { MappingRepository } from '../../src/identity/repositories';
import type { MappingOverride } from '../../src/identity/types';
import { extension, link, teamsUser, TENANT } from './identity-fixtures';

const directoryUsers = [
  teamsUser('id-alice', { userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }),
  teamsUser('id-bob', { userPrincipalName: 'bob@contoso.com', displayName: '=HYPERLINK("http://x")' }),
  teamsUser('id-carol', { userPrincipalName: 'carol@contoso.com' }),
];
const pbxUsers = [extension('1001'), extension('1002'), extension('1003')];

function plan(csv: string, current: MappingOverride[] = [], mode?: OverrideImportInput['mode']) {
  return planOverrideImport({ tenantId: TENANT, csv, directoryUsers, pbxUsers, current, mode });
}

/** Only the overrides part of the MappingRepository, kept in memory. */
function fakeMappings(initial: MappingOverride[]) {
  const overrides = new Map(initial.map((o) => [o.userId, o]));
  const repo: Pick<MappingRepository, 'putOverride' | 'deleteOverride'> = {
    async putOverride(o) {
      overrides.set(o.userId, o);
    },
    async deleteOverride(_tenantId, userId) {
      overrides.delete(userId);
    },
  };
  return { repo, overrides };
}

describe('planOverrideImport: preview', () => {
  test('previews adds, changes, removals and the resulting summary', async () => {
    const current = [link('id-alice', '1001'), link('id-bob', '1002'), link('id-carol', null)];
    const result = await plan('userPrincipalName,extension\nALICE@contoso.com,1001\nbob@contoso.com,1003\n', current);
    expect(result.errors).toEqual([]);
    expect(result.preview.add).toEqual([]);
    expect(result.preview.change).toEqual([
      { row: 3, userId: 'id-bob', userPrincipalName: 'bob@contoso.com', extension: '1003', previous: '1002' },
    ]);
    expect(result.preview.remove).toEqual([{ userId: 'id-carol', userPrincipalName: 'carol@contoso.com', extension: null }]);
    expect(result.preview.unchanged).toBe(1);
    expect(result.preview.summary).toEqual({ links: 2, exclusions: 0, total: 2 });
  });

  test('an empty extension is an exclusion', async () => {
    const result = await plan('userPrincipalName,extension\ncarol@contoso.com,\n');
    expect(result.preview.add).toEqual([{ row: 2, userId: 'id-carol', userPrincipalName: 'carol@contoso.com', extension: null }]);
    expect(result.preview.summary).toEqual({ links: 0, exclusions: 1, total: 1 });
  });

  test('merge mode keeps the overrides the file does not mention', async () => {
    const result = await plan('userId,extension\nid-alice,1003\n', [link('id-bob', '1002')], 'merge');
    expect(result.preview.remove).toEqual([]);
    expect(result.preview.summary).toEqual({ links: 2, exclusions: 0, total: 2 });
  });

  test('reads semicolon files, a BOM, header names in any case and a userId column', async () => {
    const result = await plan('\ufeffUserId;EXTENSION;displayName\nID-ALICE;1001;whatever\n');
    expect(result.errors).toEqual([]);
    expect(result.preview.add.map((a) => [a.userId, a.extension])).toEqual([['id-alice', '1001']]);
  });
});

describe('planOverrideImport: row errors', () => {
  test.each<[string, string, { row: number; field: string; message: RegExp }[]]>([
    [
      'unknown user',
      'userPrincipalName,extension\nalice@contoso.com,1001\nzoe@contoso.com,1002\n',
      [{ row: 3, field: 'userPrincipalName', message: /no Teams user has the userPrincipalName "zoe@contoso.com"/ }],
    ],
    ['unknown userId', 'userId,extension\nid-zoe,1002\n', [{ row: 2, field: 'userId', message: /no Teams user has the id "id-zoe"/ }]],
    [
      'unknown extension',
      'userPrincipalName,extension\nalice@contoso.com,9999\n',
      [{ row: 2, field: 'extension', message: /extension "9999" is not known on the PBX/ }],
    ],
    [
      'duplicate user row',
      'userPrincipalName,extension\nalice@contoso.com,1001\nALICE@contoso.com,1002\n',
      [{ row: 3, field: 'userPrincipalName', message: /already on row 2/ }],
    ],
    [
      'one extension for two users',
      'userPrincipalName,extension\nalice@contoso.com,1001\nbob@contoso.com,1001\n',
      [{ row: 3, field: 'extension', message: /already linked to alice@contoso.com on row 2/ }],
    ],
    [
      'userPrincipalName and userId of two users',
      'userPrincipalName,userId,extension\nalice@contoso.com,id-bob,1001\n',
      [{ row: 2, field: 'userId', message: /two different users/ }],
    ],
    ['no user on the row', 'userPrincipalName,extension\n,1001\n', [{ row: 2, field: 'userPrincipalName', message: /no user/ }]],
    [
      'malformed line (missing field)',
      'userPrincipalName,extension\nalice@contoso.com\n',
      [{ row: 2, field: 'line', message: /malformed line: it has 1 fields/ }],
    ],
    [
      'malformed line (unclosed quote)',
      'userPrincipalName,extension\nalice@contoso.com,1001\n"bob@contoso.com,1002\n',
      [{ row: 3, field: 'line', message: /malformed line: Quote Not Closed/ }],
    ],
    [
      'missing header',
      'user,extension\nalice@contoso.com,1001\n',
      [
        {
          row: 1,
          field: 'userPrincipalName',
          message: /no "userPrincipalName" or "userId" column; expected headers: userPrincipalName \(or userId\), extension/,
        },
      ],
    ],
    ['empty file', '', [{ row: 1, field: 'file', message: /the file is empty/ }]],
  ])('%s', async (_name, csv, expected) => {
    const result = await plan(csv);
    expect(result.errors).toEqual(expected.map((e) => ({ ...e, message: expect.stringMatching(e.message) })));
  });

  test('in merge mode a link may not take an extension an untouched override holds', async () => {
    const result = await plan('userPrincipalName,extension\nalice@contoso.com,1002\n', [link('id-bob', '1002')], 'merge');
    expect(result.errors).toEqual([
      { row: 2, field: 'extension', message: expect.stringMatching(/already linked to bob@contoso.com by an existing override/) },
    ]);
  });

  test('lists every wrong row at once, in row order', async () => {
    const result = await plan('userPrincipalName,extension\nzoe@contoso.com,1001\na,b,c\nalice@contoso.com,9999\n');
    expect(result.errors.map((e) => e.row)).toEqual([2, 3, 4]);
  });
});

describe('applyOverrideImport: all or nothing', () => {
  test('applies adds, changes and removals when every row is right', async () => {
    const { repo, overrides } = fakeMappings([link('id-alice', '1001'), link('id-carol', null)]);
    const result = await plan('userPrincipalName,extension\nalice@contoso.com,1002\nbob@contoso.com,\n', [
      link('id-alice', '1001'),
      link('id-carol', null),
    ]);
    await applyOverrideImport(result, repo, 'admin@contoso.com', 42);
    expect([...overrides.values()].map((o) => [o.userId, o.extension, o.by, o.at])).toEqual([
      ['id-alice', '1002', 'admin@contoso.com', 42],
      ['id-bob', null, 'admin@contoso.com', 42],
    ]);
  });

  test('applies nothing when one row is wrong', async () => {
    const current = [link('id-alice', '1001')];
    const { repo, overrides } = fakeMappings(current);
    const result = await plan('userPrincipalName,extension\nbob@contoso.com,1002\nzoe@contoso.com,1003\n', current);
    await expect(applyOverrideImport(result, repo, 'admin', 1)).rejects.toThrow(ImportRejectedError);
    expect([...overrides.values()]).toEqual(current);
  });
});

describe('exportOverridesCsv', () => {
  test('writes one row per override that imports back unchanged', async () => {
    const current = [link('id-bob', null), link('id-alice', '1001')];
    const csv = exportOverridesCsv(current, directoryUsers);
    expect(csv.split('\n')[0]).toBe('userPrincipalName,userId,extension,displayName');
    const again = await plan(csv, current);
    expect(again.errors).toEqual([]);
    expect(again.preview.unchanged).toBe(2);
    expect(again.preview.add.length + again.preview.change.length + again.preview.remove.length).toBe(0);
  });

  test('defuses display names a spreadsheet would run as a formula', async () => {
    const csv = exportOverridesCsv([link('id-bob', '1002')], directoryUsers);
    expect(csv).toContain(`'=HYPERLINK`);
  });
});
