/**
 * The data directory, the SQLite files and the key file are the operator's alone (0700 / 0600), and a missing
 * key file is refused before anything is written when the store already holds secrets sealed with a key.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startService } from '../../src/main';
import { openStore } from '../../src/store/open-store';
import { KeyFileMissingError } from '../../src/store/errors';
import { keyFilePath, storeSecretKey } from '../../src/store/store-secret-key';
import { createTestSchema, describeWithPostgres } from './postgres-lab';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pb-files-'));
  umask = process.umask(0o022); // the common default, which lets everyone read what is created 0644/0755
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

function settingsIn(dataDir: string) {
  return loadSettings({
    PORT: '0',
    HOST: '127.0.0.1',
    PB_DATA_DIR: dataDir,
    PB_DEMO_USERS: '5',
    PB_DEMO_CHANGES_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
  });
}

test('a SQLite store opened in a new folder: folder 0700, database, -wal and -shm 0600, key file 0600', async () => {
  const settings = settingsIn(join(root, 'nested', 'data'));
  const store = await openStore(settings, await storeSecretKey(settings));
  try {
    await store.secrets.put('t1', 'pbxSecret', 'a-secret-worth-keeping');
    expect(modeOf(join(root, 'nested', 'data'))).toBe(0o700);
    expect(modeOf(settings.dbPath)).toBe(0o600);
    expect(modeOf(`${settings.dbPath}-wal`)).toBe(0o600);
    expect(modeOf(`${settings.dbPath}-shm`)).toBe(0o600);
    expect(modeOf(keyFilePath(settings))).toBe(0o600);
  } finally {
    await store.close();
  }
});

test('the service creates its data directory owner-only', async () => {
  const settings = settingsIn(join(root, 'service-data'));
  const service = await startService(settings, { logger: createLogger('silent') });
  try {
    expect(modeOf(settings.dataDir)).toBe(0o700);
    expect(modeOf(settings.dbPath)).toBe(0o600);
  } finally {
    await service.stop();
  }
});

describe('a missing key file', () => {
  test('is refused first when the store holds secrets: a clear error naming the file and PB_SECRET_KEY, and no new key file', async () => {
    const settings = settingsIn(join(root, 'data'));
    const store = await openStore(settings, await storeSecretKey(settings));
    await store.secrets.put('t1', 'pbxSecret', 'a-secret-worth-keeping');
    await store.close();
    rmSync(keyFilePath(settings));

    const refusal = await storeSecretKey(settings).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(KeyFileMissingError);
    expect((refusal as Error).message).toContain(keyFilePath(settings));
    expect((refusal as Error).message).toContain('PB_SECRET_KEY');
    expect(existsSync(keyFilePath(settings))).toBe(false);
  });

  test('stops the service from starting, and it writes no key file', async () => {
    const settings = settingsIn(join(root, 'data'));
    const first = await startService(settings, { logger: createLogger('silent') });
    await first.stop();
    rmSync(keyFilePath(settings));

    await expect(startService(settings, { logger: createLogger('silent') })).rejects.toThrow(
      /key file .*secret\.key is missing.*PB_SECRET_KEY/,
    );
    expect(existsSync(keyFilePath(settings))).toBe(false);
  });

  test('is created for a store that never held a key', async () => {
    const settings = settingsIn(join(root, 'fresh'));
    const key = await storeSecretKey(settings);
    expect(existsSync(keyFilePath(settings))).toBe(true);
    expect(await storeSecretKey(settings)).toBe(key);
  });
});

describeWithPostgres('a missing key file with a PostgreSQL store', () => {
  test('is refused first when the database holds a key check, and created for an empty schema', async () => {
    const schema = await createTestSchema();
    try {
      const settings = loadSettings({ PB_DATA_DIR: join(root, 'pg'), PB_DATABASE_URL: schema.url, LOG_LEVEL: 'silent' });
      const store = await openStore(settings, await storeSecretKey(settings)); // empty schema: a key file is made
      await store.secrets.put('t1', 'pbxSecret', 'a-secret-worth-keeping');
      await store.close();
      rmSync(keyFilePath(settings));
      await expect(storeSecretKey(settings)).rejects.toThrow(KeyFileMissingError);
      expect(existsSync(keyFilePath(settings))).toBe(false);
    } finally {
      await schema.drop();
    }
  });
});
