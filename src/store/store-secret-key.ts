/**
 * The key that seals the store's secrets: PB_SECRET_KEY, or (demo mode, the read-only commands) the key file in
 * the data directory. A new key file is written only for a store that has never held a key: when the file is
 * missing but the store holds a key's check, a new key could never open those secrets, so start-up refuses
 * first and writes nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KeyFileMissingError } from './errors';
import { storeLocation, type StoreLocation } from './open-store';
import { connectPool } from './postgres/connect';
import { KEY_CHECK } from './rows/secret-sealing';
import { loadOrCreateKeyFile, readKeyFile } from './secret-box';

/** PB_SECRET_KEY when set, else the key file in `dataDir`. */
interface KeySettings extends StoreLocation {
  secretKey?: string;
  dataDir: string;
}

export function keyFilePath(settings: { dataDir: string }): string {
  return join(settings.dataDir, 'secret.key');
}

export async function storeSecretKey(settings: KeySettings): Promise<string> {
  if (settings.secretKey !== undefined) return settings.secretKey;
  const path = keyFilePath(settings);
  const existing = readKeyFile(path);
  if (existing !== undefined) return existing;
  if (await storeHoldsKeyCheck(settings)) throw new KeyFileMissingError(path, storeLocation(settings));
  return loadOrCreateKeyFile(path);
}

/** Whether the store already proves a key (store_meta's key check); a missing file or table is a new store. */
async function storeHoldsKeyCheck(settings: KeySettings): Promise<boolean> {
  if (settings.databaseUrl !== undefined) {
    const pool = await connectPool(settings.databaseUrl);
    try {
      const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('store_meta') AS t");
      if (!exists.rows[0]?.t) return false;
      return (await pool.query('SELECT 1 FROM store_meta WHERE key = $1', [KEY_CHECK])).rowCount! > 0;
    } finally {
      await pool.end();
    }
  }
  if (settings.dbPath === ':memory:' || !existsSync(settings.dbPath)) return false;
  const db = new DatabaseSync(settings.dbPath, { timeout: 5000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'").get();
    return table !== undefined && db.prepare('SELECT 1 FROM store_meta WHERE key = ?').get(KEY_CHECK) !== undefined;
  } finally {
    db.close();
  }
}
