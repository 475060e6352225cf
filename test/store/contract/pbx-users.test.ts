import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

describeEachStore('PBX users', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('replace swaps the whole list and list returns it by extension', async () => {
    await store.pbxUsers.replace('t1', [{ extension: '1001' }, { extension: '1002', email: 'x@y' }]);
    await store.pbxUsers.replace('t1', [
      { extension: '2002', displayName: 'Bob', username: 'bob' },
      { extension: '2001', displayName: 'Alice', email: 'alice@contoso.com', phoneNumber: '+420555000111' },
    ]);
    expect(await store.pbxUsers.list('t1')).toEqual([
      { extension: '2001', displayName: 'Alice', email: 'alice@contoso.com', phoneNumber: '+420555000111' },
      { extension: '2002', displayName: 'Bob', username: 'bob' },
    ]);
  });

  test('a list with an extension twice is refused with its name and the old list stays', async () => {
    await store.pbxUsers.replace('t2', [{ extension: '1001' }]);
    const attempt = store.pbxUsers.replace('t2', [{ extension: '3001' }, { extension: '3002' }, { extension: '3001' }]);
    await expect(attempt).rejects.toThrow(StoreInputError);
    await expect(store.pbxUsers.replace('t2', [{ extension: '3001' }, { extension: '3001' }])).rejects.toThrow(/extension 3001 twice/);
    expect(await store.pbxUsers.list('t2')).toEqual([{ extension: '1001' }]);
  });

  test('a user that cannot be stored as JSON rolls the whole replace back', async () => {
    await store.pbxUsers.replace('t4', [{ extension: '1001' }]);
    const unstorable = { extension: '3003', displayName: 2n } as unknown as { extension: string };
    await expect(store.pbxUsers.replace('t4', [{ extension: '3001' }, unstorable])).rejects.toThrow(
      /PBX user 3003 cannot be stored as JSON/,
    );
    expect(await store.pbxUsers.list('t4')).toEqual([{ extension: '1001' }]);
  });

  test('an empty replace clears the list', async () => {
    await store.pbxUsers.replace('t3', [{ extension: '1' }]);
    await store.pbxUsers.replace('t3', []);
    expect(await store.pbxUsers.list('t3')).toEqual([]);
  });
});
