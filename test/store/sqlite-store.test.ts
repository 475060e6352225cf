import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Store } from '../../src/store/store';
import { SchemaTooNewError, SecretKeyFormatError, SecretKeyMismatchError, StoreOpenError } from '../../src/store/errors';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { KEY, OTHER_KEY, fixedClock, syncState, tempDir, traceEntry } from './test-store';

const CLIENT_SECRET = 'Xq8~plain-client-secret-value-0123456789';

async function fillTenant(store: Store, tenantId: string): Promise<void> {
  await store.tenants.upsert({
    tenantId,
    displayName: `Tenant ${tenantId}`,
    mode: 'app',
    clientId: `client-${tenantId}`,
    settings: { connector: { kind: 'webhook', url: 'https://pbx.example/hook' } },
    createdAt: 1,
    updatedAt: 2,
  });
  await store.secrets.put(tenantId, 'clientSecret', `${CLIENT_SECRET}-${tenantId}`);
  await store.policies.put(tenantId, { preset: 'daktela', directions: { teamsToPbx: true, pbxToTeams: false } });
  await store.directory.applyDelta(tenantId, {
    upserts: [{ id: `${tenantId}-alice`, displayName: 'Alice', mail: 'alice@contoso.com', proxyAddresses: ['SMTP:alice@contoso.com'] }],
    removals: [],
    deltaLink: `https://graph/delta?token=${tenantId}`,
    fullResync: true,
  });
  await store.pbxUsers.replace(tenantId, [{ extension: '1001', displayName: 'Alice', email: 'alice@contoso.com' }]);
  await store.mappings.replace(
    tenantId,
    [{ tenantId, userId: `${tenantId}-alice`, extension: '1001', matchedBy: 'mail' }],
    [{ tenantId, key: 'mail:bob@contoso.com', userIds: ['b1', 'b2'], extensions: ['1002'], reason: 'two Teams users share the mail' }],
  );
  await store.mappings.putOverride({ tenantId, userId: `${tenantId}-carol`, extension: null, by: 'admin@contoso.com', at: 5 });
  await store.syncStates.save(syncState(tenantId, `${tenantId}-alice`));
  await store.trace.append([traceEntry(tenantId, `${tenantId}-alice`, 100), traceEntry(tenantId, `${tenantId}-alice`, 200)]);
}

async function snapshot(store: Store, tenantId: string) {
  return {
    tenant: await store.tenants.get(tenantId),
    secret: await store.secrets.get(tenantId, 'clientSecret'),
    secretNames: await store.secrets.names(tenantId),
    policy: await store.policies.get(tenantId),
    directory: await store.directory.listUsers(tenantId),
    deltaLink: await store.directory.getDeltaLink(tenantId),
    lastRefreshAt: await store.directory.lastRefreshAt(tenantId),
    pbxUsers: await store.pbxUsers.list(tenantId),
    mapping: await store.mappings.list(tenantId),
    conflicts: await store.mappings.conflicts(tenantId),
    overrides: await store.mappings.overrides(tenantId),
    syncStates: await store.syncStates.loadAll(tenantId),
    trace: await store.trace.forUser(tenantId, `${tenantId}-alice`, 10),
  };
}

describe('openSqliteStore on a file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  test('a restart keeps everything: close the file and open it again', async () => {
    const clock = fixedClock(1_750_000_000_000);
    const first = openSqliteStore({ path: dir.dbFile, secretKey: KEY, clock });
    await fillTenant(first, 'contoso');
    const before = await snapshot(first, 'contoso');
    await first.close();

    const second = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    const after = await snapshot(second, 'contoso');
    await second.close();

    expect(after).toEqual(before);
    // Guard against a vacuous comparison: every part really was stored.
    expect(after.secret).toBe(`${CLIENT_SECRET}-contoso`);
    expect(after.lastRefreshAt).toBe(1_750_000_000_000);
    expect(after.conflicts).toHaveLength(1);
    expect(after.overrides).toEqual([{ tenantId: 'contoso', userId: 'contoso-carol', extension: null, by: 'admin@contoso.com', at: 5 }]);
    expect(after.trace.map((e) => e.at)).toEqual([200, 100]);
    expect(after.syncStates).toEqual([syncState('contoso', 'contoso-alice')]);
  });

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

  test('opening with another key is refused at once with the clear message', async () => {
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await store.secrets.put('contoso', 'clientSecret', 'value');
    await store.close();

    const attempt = () => openSqliteStore({ path: dir.dbFile, secretKey: OTHER_KEY });
    expect(attempt).toThrow(SecretKeyMismatchError);
    expect(attempt).toThrow('the secret key does not match the one these secrets were stored with');

    const again = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    expect(await again.secrets.get('contoso', 'clientSecret')).toBe('value');
    await again.close();
  });

  test('a malformed key is refused before the file is created', () => {
    expect(() => openSqliteStore({ path: dir.dbFile, secretKey: 'too-short' })).toThrow(SecretKeyFormatError);
    expect(existsSync(dir.dbFile)).toBe(false);
  });

  test('a database from a newer release is refused with a clear message', async () => {
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await store.close();
    const raw = new DatabaseSync(dir.dbFile);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('future');
    raw.close();
    expect(() => openSqliteStore({ path: dir.dbFile, secretKey: KEY })).toThrow(SchemaTooNewError);
    expect(() => openSqliteStore({ path: dir.dbFile, secretKey: KEY })).toThrow(/schema version 999/);
  });

  test('opening the same file twice migrates once and both see the same data', async () => {
    const a = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    const b = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await a.policies.put('contoso', { preset: 'x' });
    expect(await b.policies.get('contoso')).toEqual({ preset: 'x' });
    await a.close();
    await b.close();
  });

  test('a file that is not a database is refused with its path and what to check', () => {
    mkdirSync(dirname(dir.dbFile), { recursive: true });
    writeFileSync(dir.dbFile, 'these are my notes, not a database '.repeat(200));
    const attempt = () => openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    expect(attempt).toThrow(StoreOpenError);
    expect(attempt).toThrow(`cannot open the database at ${dir.dbFile}`);
    expect(attempt).toThrow(/PB_DB_PATH/);
  });

  test('close can be called twice', async () => {
    const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('tenant isolation', () => {
  test('one tenant never sees another tenant\'s rows', async () => {
    const store = openSqliteStore({ path: ':memory:', secretKey: KEY });
    await fillTenant(store, 'tenant-one');
    await fillTenant(store, 'tenant-two');
    // Same user and extension keys in both tenants: rows must still stay apart.
    await store.syncStates.save(syncState('tenant-one', 'shared-user', '2000'));
    await store.syncStates.save(syncState('tenant-two', 'shared-user', '3000'));

    for (const [mine, theirs] of [['tenant-one', 'tenant-two'], ['tenant-two', 'tenant-one']]) {
      const seen = await snapshot(store, mine);
      expect(JSON.stringify(seen)).not.toContain(theirs);
      expect(seen.secret).toBe(`${CLIENT_SECRET}-${mine}`);
      expect(seen.directory.map((u) => u.id)).toEqual([`${mine}-alice`]);
      expect(seen.syncStates).toHaveLength(2);
    }
    expect((await store.syncStates.loadAll('tenant-one')).find((s) => s.userId === 'shared-user')?.extension).toBe('2000');

    // Replacing or deleting in one tenant leaves the other alone.
    await store.mappings.replace('tenant-one', [], []);
    await store.pbxUsers.replace('tenant-one', []);
    await store.directory.applyDelta('tenant-one', { upserts: [], removals: [], deltaLink: null, fullResync: true });
    await store.secrets.delete('tenant-one', 'clientSecret');
    await store.mappings.deleteOverride('tenant-one', 'tenant-two-carol');
    const untouched = await snapshot(store, 'tenant-two');
    expect(untouched.mapping).toHaveLength(1);
    expect(untouched.conflicts).toHaveLength(1);
    expect(untouched.pbxUsers).toHaveLength(1);
    expect(untouched.directory).toHaveLength(1);
    expect(untouched.overrides).toHaveLength(1);
    expect(untouched.secret).toBeDefined();
    expect(await store.trace.forUser('tenant-one', 'tenant-two-alice', 10)).toEqual([]);
    expect(await store.tenants.get('nobody')).toBeUndefined();
    await store.close();
  });
});
