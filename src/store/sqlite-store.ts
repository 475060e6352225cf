/**
 * The default Store: one SQLite file through Node's built-in `node:sqlite` (no native addon), WAL journaling,
 * prepared statements, one transaction per batch operation. Synchronous underneath: the async port methods
 * resolve with work already done, so two calls never interleave inside one process.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { realClock } from '../time/real-time';
import type { Clock } from '../time/clock';
import { StoreOpenError } from './errors';
import { migrate } from './migrations';
import { createSecretBox } from './secret-box';
import { openDatabase } from './sqlite/database';
import { createSqliteAppRegistrationRepository } from './sqlite/app-registrations';
import { createSqliteAuditRepository } from './sqlite/audit';
import { createSqliteAlertRepository } from './sqlite/alerts';
import { createSqliteDirectoryRepository } from './sqlite/directory';
import { createSqliteMappingRepository } from './sqlite/mappings';
import { createSqlitePbxUserRepository } from './sqlite/pbx-users';
import { createSqlitePolicyRepository } from './sqlite/policies';
import { createSqliteSecretRepository, verifySecretKey } from './sqlite/secrets';
import { createSqliteSyncStateRepository } from './sqlite/sync-states';
import { createSqliteTenantRepository } from './sqlite/tenants';
import { createSqliteTraceRepository } from './sqlite/trace';
import { createSqliteWebhookReplayRepository } from './sqlite/webhook-replays';
import type { Store, SyncStateStore } from './store';
import type { AlertRepository } from '../alerts/alert-repository';

export interface SqliteStoreOptions {
  /** A file path (its folder is created if missing) or ':memory:'. */
  path: string;
  /** 32 bytes as base64 or hex (or the raw bytes): encrypts secrets at rest. */
  secretKey: string | Uint8Array;
  /** Time for updated_at and last-refresh stamps; defaults to the system clock. */
  clock?: Clock;
}

export interface SqliteStore extends Store {
  readonly syncStates: SyncStateStore;
  readonly alerts: AlertRepository;
}

/**
 * Opens the store, applying any pending migrations. Throws SecretKeyFormatError for a malformed key,
 * StoreOpenError when the file cannot be opened, SecretKeyMismatchError when the file's secrets were sealed
 * with another key, SchemaTooNewError for a file written by a newer release.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const box = createSecretBox(options.secretKey); // a bad key fails before the file is touched
  const clock = options.clock ?? realClock;
  let db: DatabaseSync;
  try {
    if (isFilePath(options.path)) mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 }); // owner-only, like its files
    db = openDatabase(options.path);
  } catch (cause) {
    throw new StoreOpenError(options.path, cause);
  }
  try {
    migrate(db, undefined, () => clock.now());
    verifySecretKey(db, box);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    tenants: createSqliteTenantRepository(db),
    secrets: createSqliteSecretRepository(db, box, clock),
    policies: createSqlitePolicyRepository(db, clock),
    directory: createSqliteDirectoryRepository(db, clock),
    pbxUsers: createSqlitePbxUserRepository(db),
    mappings: createSqliteMappingRepository(db),
    syncStates: createSqliteSyncStateRepository(db),
    trace: createSqliteTraceRepository(db),
    audit: createSqliteAuditRepository(db),
    alerts: createSqliteAlertRepository(db),
    webhookReplays: createSqliteWebhookReplayRepository(db),
    appRegistrations: createSqliteAppRegistrationRepository(db, box, clock),
    close: async () => closeDatabase(db),
  };
}

function closeDatabase(db: DatabaseSync): void {
  if (!db.isOpen) return;
  db.exec('PRAGMA optimize'); // refreshes planner statistics where they went stale; cheap
  db.close();
}

function isFilePath(path: string): boolean {
  return path !== ':memory:' && path !== '' && !path.startsWith('file:');
}
