/** Opening the pool and proving the server answers, with an error that names the server but never the password. */
import type pg from 'pg';
import { describeDatabaseUrl } from '../database-url';
import { POSTGRES_OPEN_HINT, StoreOpenError } from '../errors';
import { createPool } from './pool';

export async function connectPool(connectionString: string): Promise<pg.Pool> {
  const where = describeDatabaseUrl(connectionString);
  let pool: pg.Pool;
  try {
    pool = createPool(connectionString);
  } catch (cause) {
    // The parser's own error may quote the string it could not parse, password and all.
    throw new StoreOpenError(where, new Error(`the URL cannot be parsed (${(cause as Error).name})`), POSTGRES_OPEN_HINT);
  }
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(where, new Error(reasonOf(cause)), POSTGRES_OPEN_HINT);
  }
}

/**
 * What went wrong, in words: pg's server errors carry a message; a refused connection to a name that resolves
 * to several addresses is an AggregateError whose own message is empty. Only the text is kept, not the error
 * object, so nothing of the connection settings travels further with it.
 */
function reasonOf(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.map((error: unknown) => reasonOf(error)).join('; ');
  }
  if (cause instanceof Error) return cause.message || (cause as NodeJS.ErrnoException).code || cause.name;
  return String(cause);
}
