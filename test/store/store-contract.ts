/**
 * The store suites run once per store, with the same assertions: `describeEachStore(title, (open) => ...)`
 * gives the body a factory that opens a fresh, empty store (SQLite in memory; PostgreSQL in a schema of its
 * own, dropped on close). The PostgreSQL variant is skipped, loudly, when no server answers.
 */
import { DatabaseSync } from 'node:sqlite';
import { openPostgresStore } from '../../src/store/postgres-store';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { OpenedStore } from '../../src/store/open-store';
import type { Clock } from '../../src/time/clock';
import { asAdmin, createTestSchema, describeWithPostgres } from './postgres-lab';
import { KEY, tempDir } from './test-store';

export interface OpenOptions {
  clock?: Clock;
  secretKey?: string;
}
export type OpenStore = (options?: OpenOptions) => Promise<OpenedStore>;
export type StoreKind = 'sqlite' | 'postgres';

export const openFreshSqlite: OpenStore = async (options = {}) =>
  openSqliteStore({ path: ':memory:', secretKey: options.secretKey ?? KEY, clock: options.clock });

export const openFreshPostgres: OpenStore = async (options = {}) => {
  const schema = await createTestSchema();
  try {
    const store = await openPostgresStore({ connectionString: schema.url, secretKey: options.secretKey ?? KEY, clock: options.clock });
    return {
      ...store,
      async close() {
        await store.close();
        await schema.drop();
      },
    };
  } catch (error) {
    await schema.drop();
    throw error;
  }
};

export function describeEachStore(title: string, body: (open: OpenStore, kind: StoreKind) => void): void {
  describe(`${title} (sqlite)`, () => body(openFreshSqlite, 'sqlite'));
  describeWithPostgres(`${title} (postgres)`, () => body(openFreshPostgres, 'postgres'));
}

/** One database that outlives its stores: open, close, open again (a restart), or touch it directly. */
export interface StoreTarget {
  open(options?: OpenOptions): Promise<OpenedStore>;
  /** Runs SQL on the database directly, as an operator or a newer release would. */
  execute(sql: string): Promise<void>;
  remove(): Promise<void>;
}
export type CreateTarget = () => Promise<StoreTarget>;

export const sqliteFileTarget: CreateTarget = async () => {
  const dir = tempDir();
  return {
    open: async (options = {}) => openSqliteStore({ path: dir.dbFile, secretKey: options.secretKey ?? KEY, clock: options.clock }),
    async execute(sql) {
      const db = new DatabaseSync(dir.dbFile);
      db.exec(sql);
      db.close();
    },
    remove: async () => dir.remove(),
  };
};

export const postgresSchemaTarget: CreateTarget = async () => {
  const schema = await createTestSchema();
  return {
    open: (options = {}) => openPostgresStore({ connectionString: schema.url, secretKey: options.secretKey ?? KEY, clock: options.clock }),
    execute: async (sql) => {
      await asAdmin((client) => client.query(sql), schema.url);
    },
    remove: () => schema.drop(),
  };
};

export function describeEachStoreTarget(title: string, body: (createTarget: CreateTarget, kind: StoreKind) => void): void {
  describe(`${title} (sqlite)`, () => body(sqliteFileTarget, 'sqlite'));
  describeWithPostgres(`${title} (postgres)`, () => body(postgresSchemaTarget, 'postgres'));
}
