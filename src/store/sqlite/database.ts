/** Opening the SQLite file and its transactions; the dialect-free helpers (JSON columns, inputs) live in ../row-values. */
import { closeSync, openSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

export { assertOwnedBy, firstDuplicate, fromJson, requireKey, toJson } from '../row-values';

/** Opens (or creates) the database with WAL journaling: readers never block the single writer. */
export function openDatabase(path: string): DatabaseSync {
  createOwnerOnly(path);
  // `timeout` is SQLite's busy timeout: wait for another process's write lock instead of failing at once.
  const db = new DatabaseSync(path, { timeout: 5000, enableForeignKeyConstraints: false });
  db.exec('PRAGMA journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the last commits.
  db.exec('PRAGMA synchronous = NORMAL');
  return db;
}

/** Runs `work` in one write transaction; nested calls join the outer one. Rolls back on any error. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A new database file is created by us, owner-only (0600), before SQLite opens it: SQLite would create it 0644,
 * and gives its -wal and -shm files the mode of the database file. An existing file is left as it is.
 */
function createOwnerOnly(path: string): void {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
