/**
 * The operator tasks of ../secret-key-maintenance.ts for a PostgreSQL database: moving every secret to a new
 * key, and, when the old key is lost, discarding the secrets so the service can start with a new key. Each
 * runs in one transaction: a failure leaves every secret as it was. Stop every replica first: one still
 * running with the old key would fail its next secret read.
 */
import type pg from 'pg';
import { describeDatabaseUrl } from '../database-url';
import { POSTGRES_OPEN_HINT, StoreOpenError } from '../errors';
import { createSecretBox } from '../secret-box';
import { connectPool } from './connect';
import { currentPostgresSchemaVersion, migratePostgres } from './migrations';
import { inTransaction } from './pool';
import { replaceKeyCheck, resealAll, verifySecretKey } from './secrets';

interface Target {
  connectionString: string;
}

/** Re-encrypts every secret under `newKey`. Throws SecretKeyMismatchError when `currentKey` is not the database's key. */
export async function rotatePostgresSecretKey(
  options: Target & { currentKey: string | Uint8Array; newKey: string | Uint8Array },
): Promise<{ resealed: number }> {
  const current = createSecretBox(options.currentKey);
  const next = createSecretBox(options.newKey);
  return withExisting(options.connectionString, async (pool) => {
    await verifySecretKey(pool, current);
    return { resealed: await inTransaction(pool, (client) => resealAll(client, current, next)) };
  });
}

/** Deletes every stored secret (all tenants) and makes `newKey` the database's key. Everything else stays. */
export async function forgetPostgresSecrets(options: Target & { newKey: string | Uint8Array }): Promise<{ removed: number }> {
  const next = createSecretBox(options.newKey);
  return withExisting(options.connectionString, async (pool) => ({
    removed: await inTransaction(pool, async (client) => {
      const removed = await client.query('DELETE FROM secrets');
      await replaceKeyCheck(client, next);
      return removed.rowCount ?? 0;
    }),
  }));
}

/** A database without PresenceBridge's tables is refused rather than given an empty schema. */
async function withExisting<T>(connectionString: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = await connectPool(connectionString);
  try {
    if ((await currentPostgresSchemaVersion(pool)) === 0) {
      throw new StoreOpenError(
        describeDatabaseUrl(connectionString),
        new Error('there is no PresenceBridge schema there'),
        POSTGRES_OPEN_HINT,
      );
    }
    await migratePostgres(pool);
    return await work(pool);
  } finally {
    await pool.end();
  }
}
