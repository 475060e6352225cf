/** What only the SQLite store has: a file, WAL journaling, the bytes on disk. The port itself is tested in store-port.test.ts. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SecretKeyFormatError, StoreOpenError } from '../../src/store/errors';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { CLIENT_SECRET, fillTenant } from './sample-tenant';
import { KEY, tempDir } from './test-store';

describe('openSqliteStore on a file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  test('uses WAL journaling', async () => {
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await store.tenants.list();
    const raw = new DatabaseSync(dir.dbFile);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
    await store.close();
  });

  test('the raw database files never contain a secret in plain text', async () => {
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await fillTenant(store, 'contoso');
    await store.secrets.put('contoso', 'pbxPassword', 'pbx-password-in-the-clear');
    const needles = [`${CLIENT_SECRET}-contoso`, 'pbx-password-in-the-clear', Buffer.from(KEY, 'base64').toString('latin1')];
    const files = () => [dir.dbFile, `${dir.dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));

    for (const bytes of files()) for (const needle of needles) expect(bytes.includes(needle)).toBe(false);
    await store.close();
    const [main] = files();
    expect(main.includes('contoso-alice')).toBe(true); // the check reads real content: non-secret data is there
    for (const needle of needles) expect(main.includes(needle)).toBe(false);
  });

  test('a malformed key is refused before the file is created', () => {
    expect(() => openSqliteStore({ path: dir.dbFile, secretKey: 'too-short' })).toThrow(SecretKeyFormatError);
    expect(existsSync(dir.dbFile)).toBe(false);
  });

  test('a file that is not a database is refused with its path and what to check', () => {
    mkdirSync(dirname(dir.dbFile), { recursive: true });
    writeFileSync(dir.dbFile, 'these are my notes, not a database '.repeat(200));
    const attempt = () => openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    expect(attempt).toThrow(StoreOpenError);
    expect(attempt).toThrow(`cannot open the database at ${dir.dbFile}`);
    expect(attempt).toThrow(/PB_DB_PATH/);
  });
});
