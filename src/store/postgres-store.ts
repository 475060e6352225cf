/**
 * The Store on PostgreSQL (node-postgres with a pool), chosen by PB_DATABASE_URL. The same tables, keys and
 * schema versions as the SQLite file, the same application-side SecretBox for secrets, the same errors for
 * bad input. Every batch operation is one transaction on one checked-out client, written as a few set-based
 * statements (unnest() arrays), never one statement per row.
 */
import { realClock } from '../time/real-time';
import type { Clock } from '../time/clock';
import { describeDatabaseUrl, isPostgresUrl } from './database-url';
import { POSTGRES_OPEN_HINT, StoreOpenError } from './errors';
import { createSecretBox } from './secret-box';
import { createPostgresAlertRepository } from './postgres/alerts';
import { createPostgresAppRegistrationRepository } from './postgres/app-registrations';
import { createPostgresAuditRepository } from './postgres/audit';
import { createPostgresDirectoryRepository } from './postgres/directory';
import { createPostgresMappingRepository } from './postgres/mappings';
import { migratePostgres } from './postgres/migrations';
import { createPostgresPbxUserRepository } from './postgres/pbx-users';
import { createPostgresPolicyRepository } from './postgres/policies';
import { connectPool } from './postgres/connect';
import { createPostgresSecretRepository, verifySecretKey } from './postgres/secrets';
import { createPostgresSyncStateRepository } from './postgres/sync-states';
import { createPostgresWebhookReplayRepository } from './postgres/webhook-replays';
import { createPostgresTenantRepository } from './postgres/tenants';
import { createPostgresTraceRepository } from './postgres/trace';
import { createPostgresLeaseRepository } from './postgres/tenant-leases';
import type { Store, SyncStateStore } from './store';
import type { TenantLeaseRepository } from './tenant-leases';
import type { AlertRepository } from '../alerts/alert-repository';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (libpq parameters such as `options` may follow after `?`). */
  connectionString: string;
  /** 32 bytes as base64 or hex (or the raw bytes): encrypts secrets at rest. */
  secretKey: string | Uint8Array;
  /** Time for updated_at and last-refresh stamps; defaults to the system clock. */
  clock?: Clock;
}

export interface PostgresStore extends Store {
  readonly syncStates: SyncStateStore;
  readonly alerts: AlertRepository;
  readonly leases: TenantLeaseRepository;
}

/**
 * Connects, applies any pending migrations and checks the secret key. Throws SecretKeyFormatError for a
 * malformed key, StoreOpenError (naming the server, never the password) when the server cannot be reached or
 * refuses the login, SecretKeyMismatchError when the secrets were sealed with another key, SchemaTooNewError
 * for a database written by a newer release.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const box = createSecretBox(options.secretKey); // a bad key fails before the server is contacted
  const clock = options.clock ?? realClock;
  if (!isPostgresUrl(options.connectionString)) {
    throw new StoreOpenError(
      describeDatabaseUrl(options.connectionString),
      new Error('it is not a postgres:// or postgresql:// URL'),
      POSTGRES_OPEN_HINT,
    );
  }
  const pool = await connectPool(options.connectionString);
  try {
    await migratePostgres(pool, undefined, () => clock.now());
    await verifySecretKey(pool, box);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  const leases = createPostgresLeaseRepository(pool);
  return {
    leases,
    tenants: createPostgresTenantRepository(pool),
    secrets: createPostgresSecretRepository(pool, box, clock),
    policies: createPostgresPolicyRepository(pool, clock),
    directory: createPostgresDirectoryRepository(pool, clock),
    pbxUsers: createPostgresPbxUserRepository(pool),
    mappings: createPostgresMappingRepository(pool),
    syncStates: createPostgresSyncStateRepository(pool, leases.fence),
    trace: createPostgresTraceRepository(pool),
    audit: createPostgresAuditRepository(pool),
    alerts: createPostgresAlertRepository(pool),
    webhookReplays: createPostgresWebhookReplayRepository(pool),
    appRegistrations: createPostgresAppRegistrationRepository(pool, box, clock),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
