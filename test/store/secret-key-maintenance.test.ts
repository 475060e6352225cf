import { SecretKeyMismatchError, StoreOpenError } from '../../src/store/errors';
import { forgetSecrets, rotateSecretKey } from '../../src/store/secret-key-maintenance';
import { generateSecretKey } from '../../src/store/secret-box';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { openPostgresStore } from '../../src/store/postgres-store';
import { forgetPostgresSecrets, rotatePostgresSecretKey } from '../../src/store/postgres/secret-key-maintenance';
import { createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';
import { KEY, OTHER_KEY, tempDir } from './test-store';

describe('secret key maintenance', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    dir = tempDir();
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await store.secrets.put('t1', 'clientSecret', 'one');
    await store.secrets.put('t2', 'pbxPassword', 'two');
    await store.policies.put('t1', { keep: true });
    await store.close();
  });
  afterEach(() => dir.remove());

  test('rotating moves every secret to the new key; the old key no longer opens the file', async () => {
    expect(rotateSecretKey({ path: dir.dbFile, currentKey: KEY, newKey: OTHER_KEY })).toEqual({ resealed: 2 });
    expect(() => openSqliteStore({ path: dir.dbFile, secretKey: KEY })).toThrow(SecretKeyMismatchError);
    const store = openSqliteStore({ path: dir.dbFile, secretKey: OTHER_KEY });
    expect(await store.secrets.get('t1', 'clientSecret')).toBe('one');
    expect(await store.secrets.get('t2', 'pbxPassword')).toBe('two');
    await store.close();
  });

  test('rotating with a wrong current key is refused and changes nothing', async () => {
    expect(() => rotateSecretKey({ path: dir.dbFile, currentKey: generateSecretKey(), newKey: OTHER_KEY })).toThrow(SecretKeyMismatchError);
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    expect(await store.secrets.get('t1', 'clientSecret')).toBe('one');
    await store.close();
  });

  test('forgetting drops the secrets, keeps everything else, and lets a new key open the file', async () => {
    expect(forgetSecrets({ path: dir.dbFile, newKey: OTHER_KEY })).toEqual({ removed: 2 });
    const store = openSqliteStore({ path: dir.dbFile, secretKey: OTHER_KEY });
    expect(await store.secrets.names('t1')).toEqual([]);
    expect(await store.policies.get('t1')).toEqual({ keep: true });
    await store.close();
  });

  test('a path without a database is refused rather than creating an empty one', () => {
    expect(() => forgetSecrets({ path: `${dir.dbFile}.missing`, newKey: OTHER_KEY })).toThrow(StoreOpenError);
    expect(() => rotateSecretKey({ path: `${dir.dbFile}.missing`, currentKey: KEY, newKey: OTHER_KEY })).toThrow(/there is no file there/);
  });
});

describeWithPostgres('secret key maintenance on PostgreSQL', () => {
  let schema: TestSchema;
  beforeEach(async () => {
    schema = await createTestSchema();
    const store = await openPostgresStore({ connectionString: schema.url, secretKey: KEY });
    await store.secrets.put('t1', 'clientSecret', 'one');
    await store.secrets.put('t2', 'pbxPassword', 'two');
    await store.policies.put('t1', { keep: true });
    await store.close();
  });
  afterEach(() => schema.drop());
  const open = (secretKey: string) => openPostgresStore({ connectionString: schema.url, secretKey });

  test('rotating moves every secret to the new key; the old key no longer opens the database', async () => {
    expect(await rotatePostgresSecretKey({ connectionString: schema.url, currentKey: KEY, newKey: OTHER_KEY })).toEqual({ resealed: 2 });
    await expect(open(KEY)).rejects.toThrow(SecretKeyMismatchError);
    const store = await open(OTHER_KEY);
    expect(await store.secrets.get('t1', 'clientSecret')).toBe('one');
    expect(await store.secrets.get('t2', 'pbxPassword')).toBe('two');
    await store.close();
  });

  test('rotating with a wrong current key is refused and changes nothing', async () => {
    await expect(
      rotatePostgresSecretKey({ connectionString: schema.url, currentKey: generateSecretKey(), newKey: OTHER_KEY }),
    ).rejects.toThrow(SecretKeyMismatchError);
    const store = await open(KEY);
    expect(await store.secrets.get('t1', 'clientSecret')).toBe('one');
    await store.close();
  });

  test('forgetting drops the secrets, keeps everything else, and lets a new key open the database', async () => {
    expect(await forgetPostgresSecrets({ connectionString: schema.url, newKey: OTHER_KEY })).toEqual({ removed: 2 });
    const store = await open(OTHER_KEY);
    expect(await store.secrets.names('t1')).toEqual([]);
    expect(await store.policies.get('t1')).toEqual({ keep: true });
    await store.close();
  });

  test('a schema without PresenceBridge tables is refused rather than given an empty one', async () => {
    const empty = await createTestSchema();
    try {
      await expect(forgetPostgresSecrets({ connectionString: empty.url, newKey: OTHER_KEY })).rejects.toThrow(StoreOpenError);
      await expect(rotatePostgresSecretKey({ connectionString: empty.url, currentKey: KEY, newKey: OTHER_KEY })).rejects.toThrow(
        /there is no PresenceBridge schema there/,
      );
    } finally {
      await empty.drop();
    }
  });
});
