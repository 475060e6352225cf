import { applyDirectoryDelta } from '../../src/identity/directory-delta';
import { teamsUser } from './identity-fixtures';

const stored = [teamsUser('a', { mail: 'a@contoso.com', teamsPhoneNumber: '+4930100' }), teamsUser('b'), teamsUser('c')];

describe('applyDirectoryDelta', () => {
  test('a change round merges updates onto the stored users and removes deleted ones', () => {
    const result = applyDirectoryDelta(stored, {
      upserts: [{ id: 'a', displayName: 'Alice' }, teamsUser('d')],
      removals: ['b'],
      deltaLink: 'x',
      fullResync: false,
    });
    expect(result.users.map((u) => u.id)).toEqual(['a', 'c', 'd']);
    expect(result.upserts).toEqual([
      { id: 'a', accountEnabled: true, mail: 'a@contoso.com', teamsPhoneNumber: '+4930100', displayName: 'Alice' },
      teamsUser('d'),
    ]);
  });

  test('a full listing replaces the directory', () => {
    const result = applyDirectoryDelta(stored, { upserts: [{ id: 'a' }, teamsUser('z')], removals: [], deltaLink: 'x', fullResync: true });
    expect(result.users).toEqual([{ id: 'a' }, teamsUser('z')]);
  });

  test('a user added and removed in one round is gone', () => {
    const result = applyDirectoryDelta(stored, { upserts: [teamsUser('d')], removals: ['d'], deltaLink: 'x', fullResync: false });
    expect(result.users.map((u) => u.id)).toEqual(['a', 'b', 'c']);
    expect(result.upserts).toEqual([]);
  });
});
