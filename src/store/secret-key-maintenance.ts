/**
 * Two operator tasks on a closed store: moving every secret to a new key, and, when the old key is lost,
 * discarding the secrets so the service can start with a new key (secrets are then entered again).
 * Both run in one transaction: a failure leaves every secret as it was.
 */
import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { StoreOpenError } from './errors';
import { migrate } from './migrations';
import { createSecretBox } from './secret-box';
import { inTransaction, openDatabase } from './sqlite/database';
import { verifySecretKey, resealAll, replaceKeyCheck } from './sqlite/secrets';

/** Re-encrypts every secret under `newKey`. Throws SecretKeyMismatchError when `currentKey` is not the file's key. */
export function rotateSecretKey(options: { path: string; currentKey: string | Uint8Array; newKey: string | Uint8Array }): {
  resealed: number;
} {
  const current = createSecretBox(options.currentKey);
  const next = createSecretBox(options.newKey);
  const db = openExisting(options.path);
  try {
    migrate(db);
    verifySecretKey(db, current);
    return { resealed: inTransaction(db, () => resealAll(db, current, next)) };
  } finally {
    db.close();
  }
}

/** Deletes every stored secret (all tenants) and makes `newKey` the file's key. Everything else stays. */
export function forgetSecrets(options: { path: string; newKey: string | Uint8Array }): { removed: number } {
  const next = createSecretBox(options.newKey);
  const db = openExisting(options.path);
  try {
    migrate(db);
    return {
      removed: inTransaction(db, () => {
        const removed = Number(db.prepare('DELETE FROM secrets').run().changes);
        replaceKeyCheck(db, next);
        return removed;
      }),
    };
  } finally {
    db.close();
  }
}

function openExisting(path: string): DatabaseSync {
  if (!existsSync(path)) throw new StoreOpenError(path, new Error('there is no file there'));
  try {
    return openDatabase(path);
  } catch (cause) {
    throw new StoreOpenError(path, cause);
  }
}
