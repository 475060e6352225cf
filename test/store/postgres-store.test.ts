/** What only the PostgreSQL store has: a server to reach, replicas starting together, the rows in its tables. */
import { SecretKeyFormatError, StoreOpenError } from '../../src/store/errors';
import { openPostgresStore } from '../../src/store/postgres-store';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations';
import { freeTcpPort } from '../support/free-ports';
import { asAdmin, createTestSchema, describeWithPostgres, type TestSchema } from './postgres-lab';
import { CLIENT_SECRET, fillTenant } from './sample-tenant';
import { KEY } from './test-store';

const PASSWORD = 'db-Pa55word-never-shown';

describe('openPostgresStore without a server', () => {
  test('an unreachable server is named in the error, its password never', async () => {
    const port = await freeTcpPort();
    const url = `postgres://presence:${PASSWORD}@127.0.0.1:${port}/presence_bridge`;
    const error = await openPostgresStore({ connectionString: url, secretKey: KEY }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreOpenError);
    const message = (error as Error).message;
    expect(message).toContain(`cannot open the database at postgres://presence@127.0.0.1:${port}/presence_bridge`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('PB_DATABASE_URL');
    // Nor anywhere else the error may be logged from: its cause, its fields.
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(PASSWORD);
    expect(String((error as Error).cause)).not.toContain(PASSWORD);
  });

  test('a URL that is not a postgres:// URL is refused without being quoted', async () => {
    const attempt = openPostgresStore({ connectionString: `mysql://root:${PASSWORD}@db/pb`, secretKey: KEY });
    await expect(attempt).rejects.toThrow(StoreOpenError);
    await expect(openPostgresStore({ connectionString: `mysql://root:${PASSWORD}@db/pb`, secretKey: KEY })).rejects.toThrow(
      /not a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    await expect(openPostgresStore({ connectionString: `host=db password=${PASSWORD}`, secretKey: KEY })).rejects.not.toThrow(PASSWORD);
  });

  test('a malformed key is refused before the server is contacted', async () => {
    const port = await freeTcpPort();
    await expect(openPostgresStore({ connectionString: `postgres://127.0.0.1:${port}/x`, secretKey: 'too-short' })).rejects.toThrow(
      SecretKeyFormatError,
    );
  });
});

describeWithPostgres('openPostgresStore on a server', () => {
  let schema: TestSchema;
  beforeEach(async () => (schema = await createTestSchema()));
  afterEach(() => schema.drop());

  const rowsOf = (sql: string) => asAdmin(async (client) => (await client.query(sql)).rows, schema.url);

  test('replicas starting together on a new database apply every migration exactly once', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ connectionString: schema.url, secretKey: KEY })));
    expect(await rowsOf('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
      POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })),
    );
    // They agreed on one key check too: each one opens the others' secrets.
    await stores[0].secrets.put('t1', 'clientSecret', 'shared');
    for (const store of stores) expect(await store.secrets.get('t1', 'clientSecret')).toBe('shared');
    await Promise.all(stores.map((store) => store.close()));
  });

  test('the tables never hold a secret or the key in plain text', async () => {
    const store = await openPostgresStore({ connectionString: schema.url, secretKey: KEY });
    await fillTenant(store, 'contoso');
    await store.secrets.put('contoso', 'pbxPassword', 'pbx-password-in-the-clear');
    await store.close();
    const tables = await rowsOf(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema.name}'`);
    expect(tables.length).toBeGreaterThanOrEqual(18);
    let everything = '';
    for (const { table_name } of tables) everything += JSON.stringify(await rowsOf(`SELECT t::text AS row FROM ${table_name} t`));
    expect(everything).toContain('contoso-alice'); // the check reads real content: non-secret data is there
    for (const needle of [`${CLIENT_SECRET}-contoso`, 'pbx-password-in-the-clear', KEY, Buffer.from(KEY, 'base64').toString('hex')]) {
      expect(everything).not.toContain(needle);
    }
  });

  test('times are BIGINT milliseconds and trace ids an identity', async () => {
    const store = await openPostgresStore({ connectionString: schema.url, secretKey: KEY, clock: { now: () => 1_750_000_000_123 } });
    await store.directory.applyDelta('t1', { upserts: [], removals: [], deltaLink: 'l', fullResync: true });
    expect(await store.directory.lastRefreshAt('t1')).toBe(1_750_000_000_123);
    await store.close();
    const columns = await rowsOf(
      `SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
       WHERE table_schema = '${schema.name}' AND column_name IN ('last_refresh_at', 'id') ORDER BY table_name`,
    );
    expect(columns).toEqual([
      { table_name: 'alert_outbox', column_name: 'id', data_type: 'bigint', is_identity: 'YES' },
      { table_name: 'audit_log', column_name: 'id', data_type: 'bigint', is_identity: 'YES' },
      { table_name: 'directory_sync', column_name: 'last_refresh_at', data_type: 'bigint', is_identity: 'NO' },
      { table_name: 'trace_entries', column_name: 'id', data_type: 'bigint', is_identity: 'YES' },
    ]);
  });
});
