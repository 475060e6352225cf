/** The one place that picks the store: PostgreSQL when a database URL is given (PB_DATABASE_URL), else the SQLite file. */
import type { Clock } from '../time/clock';
import { describeDatabaseUrl } from './database-url';
import { openPostgresStore, type PostgresStore } from './postgres-store';
import { openSqliteStore, type SqliteStore } from './sqlite-store';

export type OpenedStore = SqliteStore | PostgresStore;

/** Where the data is: the SQLite file, unless a PostgreSQL URL (which may carry a password) is given. */
export interface StoreLocation {
  dbPath: string;
  databaseUrl?: string;
}

export async function openStore(location: StoreLocation, secretKey: string | Uint8Array, clock?: Clock): Promise<OpenedStore> {
  if (location.databaseUrl !== undefined) return openPostgresStore({ connectionString: location.databaseUrl, secretKey, clock });
  return openSqliteStore({ path: location.dbPath, secretKey, clock });
}

/** Where the data is, for a message: the file path, or the database URL without its password. */
export function storeLocation(location: StoreLocation): string {
  return location.databaseUrl !== undefined ? describeDatabaseUrl(location.databaseUrl) : location.dbPath;
}
