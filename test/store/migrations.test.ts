import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { MigrationError, SchemaTooNewError } from '../../src/store/errors';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { openDatabase } from '../../src/store/sqlite/database';
import { KEY, tempDir } from './test-store';
import { MIGRATIONS, currentSchemaVersion, latestSchemaVersion, migrate, type Migration } from '../../src/store/migrations';
import { POSTGRES_MIGRATIONS, currentPostgresSchemaVersion, migratePostgres } from '../../src/store/postgres/migrations';
import { createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';

const tables = (db: DatabaseSync) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrate', () => {
  let db: DatabaseSync;
  beforeEach(() => (db = new DatabaseSync(':memory:')));
  afterEach(() => db.close());

  test('brings an empty database to the newest version and records every step', () => {
    const report = migrate(db);
    expect(report).toEqual({ from: 0, to: latestSchemaVersion(), applied: MIGRATIONS.map((m) => m.version) });
    expect(tables(db)).toEqual(
      expect.arrayContaining(['schema_migrations', 'tenants', 'secrets', 'policies', 'directory_users', 'sync_states', 'trace_entries']),
    );
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  test('applying twice is a no-op', () => {
    migrate(db);
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    expect(migrate(db)).toEqual({ from: latestSchemaVersion(), to: latestSchemaVersion(), applied: [] });
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
  });

  test('applies only the steps a database does not have yet', () => {
    const first: Migration[] = [{ version: 1, name: 'one', up: 'CREATE TABLE one (x INTEGER)' }];
    const both: Migration[] = [...first, { version: 2, name: 'two', up: 'CREATE TABLE two (x INTEGER)' }];
    migrate(db, first);
    expect(migrate(db, both)).toEqual({ from: 1, to: 2, applied: [2] });
    expect(tables(db)).toEqual(expect.arrayContaining(['one', 'two']));
  });

  test('refuses a database written by a newer release, with a message that says what to do', () => {
    migrate(db);
    const newer = latestSchemaVersion() + 1;
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(newer, 'from the future', 0);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(() => migrate(db)).toThrow(
      `the database has schema version ${newer}, but this build of PresenceBridge only knows up to version ${latestSchemaVersion()}`,
    );
    expect(() => migrate(db)).toThrow(/Upgrade PresenceBridge/);
  });

  test('a failing step is rolled back whole and named in the error', () => {
    const broken: Migration[] = [
      { version: 1, name: 'fine', up: 'CREATE TABLE fine (x INTEGER)' },
      { version: 2, name: 'half done', up: 'CREATE TABLE half (x INTEGER); CREATE TABLE oops (' },
    ];
    expect(() => migrate(db, broken)).toThrow(MigrationError);
    expect(() => migrate(db, broken)).toThrow(/migration 2 \(half done\) failed and was rolled back/);
    expect(currentSchemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half');
    expect(db.isTransaction).toBe(false);
  });

  test.each([
    [
      'out of order',
      [
        { version: 2, name: 'b', up: '' },
        { version: 1, name: 'a', up: '' },
      ],
    ],
    [
      'duplicated',
      [
        { version: 1, name: 'a', up: '' },
        { version: 1, name: 'b', up: '' },
      ],
    ],
    ['not whole numbers', [{ version: 1.5, name: 'a', up: '' }]],
  ])('rejects a migration list whose versions are %s', (_case, list) => {
    expect(() => migrate(db, list)).toThrow(/versions must be integers rising from 1/);
  });

  test('migration 2 counts the trace entries a version-1 database already holds, so prune sees them', async () => {
    const dir = tempDir();
    const v1 = openDatabase(dir.dbFile.replace('/data/', '/'));
    migrate(v1, MIGRATIONS.slice(0, 1));
    const insert = v1.prepare('INSERT INTO trace_entries (tenant_id, user_id, at, entry_json) VALUES (?, ?, ?, ?)');
    for (const at of [1, 2, 3, 4])
      insert.run('t1', 'u1', at, JSON.stringify({ direction: 'teamsToPbx', event: 'e', outcome: 'applied', reason: 'r', actions: [] }));
    v1.close();

    const store = openSqliteStore({ path: dir.dbFile.replace('/data/', '/'), secretKey: KEY });
    expect(await store.trace.prune(1)).toBe(3);
    expect((await store.trace.forUser('t1', 'u1', 10)).map((e) => e.at)).toEqual([4]);
    await store.close();
    dir.remove();
  });

  test('the shipped list is in order', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});

describe('the PostgreSQL migration list', () => {
  test('has the same versions and names as the SQLite one, so "schema version N" means the same everywhere', () => {
    expect(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name }))).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });
});

describeWithPostgres('migratePostgres', () => {
  let schema: TestSchema;
  let pool: pg.Pool;
  beforeEach(async () => {
    schema = await createTestSchema();
    pool = new pg.Pool({ connectionString: schema.url });
  });
  afterEach(async () => {
    await pool.end();
    await schema.drop();
  });
  const tablesOf = async () =>
    (
      await pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema.name}' ORDER BY table_name`,
      )
    ).rows.map((r) => r.table_name);

  test('brings an empty schema to the newest version, the same tables as SQLite, and a second run is a no-op', async () => {
    expect(await migratePostgres(pool)).toEqual({ from: 0, to: latestSchemaVersion(), applied: MIGRATIONS.map((m) => m.version) });
    const sqlite = new DatabaseSync(':memory:');
    migrate(sqlite);
    expect(await tablesOf()).toEqual(tables(sqlite));
    sqlite.close();
    expect(await migratePostgres(pool)).toEqual({ from: latestSchemaVersion(), to: latestSchemaVersion(), applied: [] });
    expect(await currentPostgresSchemaVersion(pool)).toBe(latestSchemaVersion());
  });

  test('refuses a schema written by a newer release', async () => {
    await migratePostgres(pool);
    await pool.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from the future', 0)", [
      latestSchemaVersion() + 1,
    ]);
    await expect(migratePostgres(pool)).rejects.toThrow(SchemaTooNewError);
    await expect(migratePostgres(pool)).rejects.toThrow(`the database has schema version ${latestSchemaVersion() + 1}`);
  });

  test('a failing step is rolled back whole and named in the error', async () => {
    const broken: Migration[] = [
      { version: 1, name: 'fine', up: 'CREATE TABLE fine (x INTEGER)' },
      { version: 2, name: 'half done', up: 'CREATE TABLE half (x INTEGER); CREATE TABLE oops (' },
    ];
    await expect(migratePostgres(pool, broken)).rejects.toThrow(MigrationError);
    await expect(migratePostgres(pool, broken)).rejects.toThrow(/migration 2 \(half done\) failed and was rolled back/);
    expect(await currentPostgresSchemaVersion(pool)).toBe(1);
    expect(await tablesOf()).toEqual(['fine', 'schema_migrations']);
  });
});
