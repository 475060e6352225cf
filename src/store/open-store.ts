/** The one place that picks the store from the settings: PostgreSQL when PB_DATABASE_URL is set, else the SQLite file. */
import type { Settings } from '../config';
import type { Clock } from '../time/clock';
import { describeDatabaseUrl } from './database-url';
import { openPostgresStore, type PostgresStore } from './postgres-store';
import { openSqliteStore, type SqliteStore } from './sqlite-store';

export type OpenedStore = SqliteStore | PostgresStore;

type StoreSettings = Pick<Settings, 'dbPath' | 'databaseUrl'>;

export async function openStore(settings: StoreSettings, secretKey: string | Uint8Array, clock?: Clock): Promise<OpenedStore> {
  if (settings.databaseUrl !== undefined) return openPostgresStore({ connectionString: settings.databaseUrl, secretKey, clock });
  return openSqliteStore({ path: settings.dbPath, secretKey, clock });
}

/** Where the data is, for a message: the file path, or the database URL without its password. */
export function storeLocation(settings: StoreSettings): string {
  return settings.databaseUrl !== undefined ? describeDatabaseUrl(settings.databaseUrl) : settings.dbPath;
}
