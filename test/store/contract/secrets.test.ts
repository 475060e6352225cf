import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import { describeEachStore } from '../store-contract';

describeEachStore('secrets', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('round-trips a secret and lists only its name', async () => {
    await store.secrets.put('t1', 'clientSecret', 'abc~123');
    await store.secrets.put('t1', 'amiPassword', 'pw');
    expect(await store.secrets.get('t1', 'clientSecret')).toBe('abc~123');
    expect(await store.secrets.names('t1')).toEqual(['amiPassword', 'clientSecret']);
  });

  test('putting again replaces the value', async () => {
    await store.secrets.put('t2', 'clientSecret', 'old');
    await store.secrets.put('t2', 'clientSecret', 'new');
    expect(await store.secrets.get('t2', 'clientSecret')).toBe('new');
    expect(await store.secrets.names('t2')).toEqual(['clientSecret']);
  });

  test('delete removes the secret and its name; a missing secret is undefined', async () => {
    await store.secrets.put('t3', 'clientSecret', 'x');
    await store.secrets.delete('t3', 'clientSecret');
    expect(await store.secrets.get('t3', 'clientSecret')).toBeUndefined();
    expect(await store.secrets.names('t3')).toEqual([]);
  });

  test.each([
    ['an empty tenant id', '', 'name', 'v'],
    ['an empty name', 't4', '', 'v'],
    ['an empty value', 't4', 'name', ''],
  ])('refuses %s', async (_case, tenantId, name, value) => {
    await expect(store.secrets.put(tenantId, name, value)).rejects.toThrow(StoreInputError);
    expect(await store.secrets.names(tenantId)).toEqual([]);
  });
});
