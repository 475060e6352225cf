import { applyPbxUserImport, exportPbxUsersCsv, parsePbxUsersCsv } from '../../src/identity/csv';
import { ImportRejectedError } from '../../src/identity/errors';
import type { PbxUser } from '../../src/identity/types';
import { TENANT } from './identity-fixtures';

const HEADER = 'extension,email,phoneNumber,displayName,username\n';

describe('parsePbxUsersCsv', () => {
  test('reads every column, leaving empty values out', async () => {
    const result = await parsePbxUsersCsv(`${HEADER}1001,alice@contoso.com,+49 30 1001,"Smith, Alice",asmith\n1002,,,,\n`);
    expect(result.errors).toEqual([]);
    expect(result.users).toEqual([
      { extension: '1001', email: 'alice@contoso.com', phoneNumber: '+49 30 1001', displayName: 'Smith, Alice', username: 'asmith' },
      { extension: '1002' },
    ]);
  });

  test('needs only the extension column', async () => {
    expect((await parsePbxUsersCsv('extension\n1001\n')).users).toEqual([{ extension: '1001' }]);
  });

  test.each<[string, string, { row: number; field: string; message: RegExp }[]]>([
    [
      'missing extension header',
      'email,phoneNumber\na@contoso.com,+1\n',
      [
        {
          row: 1,
          field: 'extension',
          message: /no "extension" column; expected headers: extension,email,phoneNumber,displayName,username/,
        },
      ],
    ],
    ['empty extension', `${HEADER},alice@contoso.com,,,\n`, [{ row: 2, field: 'extension', message: /extension is empty/ }]],
    [
      'bad e-mail',
      `${HEADER}1001,alice-at-contoso,,,\n`,
      [{ row: 2, field: 'email', message: /email "alice-at-contoso" is not an e-mail address/ }],
    ],
    ['bad phone number', `${HEADER}1001,,call reception,,\n`, [{ row: 2, field: 'phoneNumber', message: /is not a phone number/ }]],
    ['duplicate extension', `${HEADER}1001,,,,\n1002,,,,\n1001,,,,\n`, [{ row: 4, field: 'extension', message: /already on row 2/ }]],
    ['malformed line', `${HEADER}1001,a@contoso.com,+1,Alice,alice,extra\n`, [{ row: 2, field: 'line', message: /malformed line/ }]],
  ])('reports %s', async (_name, csv, expected) => {
    expect((await parsePbxUsersCsv(csv)).errors).toEqual(expected.map((e) => ({ ...e, message: expect.stringMatching(e.message) })));
  });

  test('previews the difference with the stored list', async () => {
    const current: PbxUser[] = [{ extension: '1001', email: 'alice@contoso.com' }, { extension: '1002' }, { extension: '1003' }];
    const result = await parsePbxUsersCsv(`${HEADER}1001,alice@contoso.com,,,\n1002,bob@contoso.com,,,\n1004,,,,\n`, current);
    expect(result.preview).toEqual({ add: 1, change: 1, remove: 1, unchanged: 1 });
  });

  test('round-trips through export', async () => {
    const users: PbxUser[] = [
      { extension: '1001', email: 'alice@contoso.com', displayName: 'Smith, "Ali" Alice' },
      { extension: '1002', phoneNumber: '+49301002' },
    ];
    expect((await parsePbxUsersCsv(exportPbxUsersCsv(users))).users).toEqual(users);
  });
});

describe('applyPbxUserImport', () => {
  test('stores the list when every row is right, and nothing otherwise', async () => {
    const stored: PbxUser[][] = [];
    const repo = { replace: async (_tenantId: string, users: PbxUser[]) => void stored.push(users) };
    await applyPbxUserImport(TENANT, await parsePbxUsersCsv('extension\n1001\n'), repo);
    await expect(applyPbxUserImport(TENANT, await parsePbxUsersCsv('extension\n1001\n1001\n'), repo)).rejects.toThrow(ImportRejectedError);
    expect(stored).toEqual([[{ extension: '1001' }]]);
  });
});
