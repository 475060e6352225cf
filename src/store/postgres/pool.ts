/**
 * The connection pool and the few helpers every PostgreSQL repository shares. Unlike node:sqlite, calls really
 * interleave here, so every batch operation runs in one transaction on one checked-out client.
 */
import pg from 'pg';

export type Queryable = pg.Pool | pg.PoolClient;

/** BIGINT (ms since the epoch, identity ids) as a JS number instead of pg's default string. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Rows per statement in batch writes: one unnest() insert per chunk keeps each message a few MB. */
export const BATCH_ROWS = 10_000;

export function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, types, connectionTimeoutMillis: 10_000 });
  // An idle connection the server dropped (restart, failover) is discarded by the pool; the next query opens a
  // new one and reports the outage if it lasts. Without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` between BEGIN and COMMIT on one client; ROLLBACK on any error. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection itself is gone: the pool must not hand it out again.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

export function chunked<T>(items: readonly T[], size = BATCH_ROWS): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Keeps the last item of each key, in first-seen order: a batch may name a user twice (Graph delta pages do). */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}

/**
 * Two-key advisory lock ids: a constant per purpose plus the schema the tables live in, so that stores in
 * different schemas of one database (tests, several deployments) do not wait for each other.
 */
export const LOCK_MIGRATIONS = 0x50424d31; // "PBM1"
export const LOCK_TRACE_PRUNE = 0x50425450; // "PBTP"
export const LOCK_ACTIVE_REPLICA = 0x50424152; // "PBAR": held for as long as a replica runs the tenants
export const schemaLockKey = 'hashtext(current_schema())';
