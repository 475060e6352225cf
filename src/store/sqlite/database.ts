/** Opening the SQLite file and the few helpers every repository shares: transactions, JSON columns, inputs. */
import { DatabaseSync } from 'node:sqlite';
import { CorruptDataError, StoreInputError } from '../errors';

/** Opens (or creates) the database with WAL journaling: readers never block the single writer. */
export function openDatabase(path: string): DatabaseSync {
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

export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreInputError(`${what} cannot be stored as JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (text === undefined) throw new StoreInputError(`${what} is ${typeof value}, which JSON cannot hold`);
  return text;
}

export function fromJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new CorruptDataError(where, { cause });
  }
}

export function requireKey(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? (value === '' ? 'an empty string' : 'only white space') : typeof value;
    throw new StoreInputError(`${what} must be a non-empty string, got ${got}`);
  }
  return value;
}

/** Names the first value that occurs twice, for a clear error on batch inputs. */
export function firstDuplicate(values: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** A batch for one tenant must not carry another tenant's rows. */
export function assertOwnedBy(tenantId: string, items: readonly { tenantId: string }[], what: string): void {
  const stranger = items.find((item) => item.tenantId !== tenantId);
  if (stranger !== undefined) {
    throw new StoreInputError(`a ${what} of tenant ${stranger.tenantId} was handed in for tenant ${tenantId}`);
  }
}
