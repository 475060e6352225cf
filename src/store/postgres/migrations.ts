/**
 * The schema of ../migrations.ts in PostgreSQL's dialect, with the same versions and names, so "schema version
 * N" means the same tables and keys in both stores (a test holds the two lists side by side). Times are BIGINT
 * ms since the epoch; JSON stays text (parsed by the repositories, as in SQLite); key columns use the "C"
 * collation, so ORDER BY sorts by code point as SQLite does, whatever the database's locale.
 * Add a new migration at the end of both lists; never edit one that has shipped.
 */
import type pg from 'pg';
import { MigrationError, SchemaTooNewError } from '../errors';
import { latestSchemaVersion, type Migration, type MigrationReport } from '../migrations';
import { LOCK_MIGRATIONS, inTransaction, schemaLockKey } from './pool';

const KEY = 'TEXT COLLATE "C" NOT NULL';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: `
      CREATE TABLE store_meta (
        key ${KEY} PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE tenants (
        tenant_id ${KEY} PRIMARY KEY,
        display_name TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('demo', 'app')),
        client_id TEXT,
        settings_json TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE secrets (
        tenant_id ${KEY},
        name ${KEY},
        sealed TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, name)
      );

      CREATE TABLE policies (
        tenant_id ${KEY} PRIMARY KEY,
        policy_json TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE directory_users (
        tenant_id ${KEY},
        user_id ${KEY},
        user_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      );

      CREATE TABLE directory_sync (
        tenant_id ${KEY} PRIMARY KEY,
        delta_link TEXT,
        last_refresh_at BIGINT NOT NULL
      );

      CREATE TABLE pbx_users (
        tenant_id ${KEY},
        extension ${KEY},
        user_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, extension)
      );

      CREATE TABLE mapping_entries (
        tenant_id ${KEY},
        user_id ${KEY},
        extension ${KEY},
        matched_by TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      );
      CREATE INDEX mapping_entries_by_extension ON mapping_entries (tenant_id, extension);

      CREATE TABLE mapping_conflicts (
        tenant_id ${KEY},
        position INTEGER NOT NULL,
        conflict_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, position)
      );

      CREATE TABLE mapping_overrides (
        tenant_id ${KEY},
        user_id ${KEY},
        extension TEXT,
        set_by TEXT NOT NULL,
        set_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      );

      CREATE TABLE sync_states (
        tenant_id ${KEY},
        user_id ${KEY},
        state_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      );

      CREATE TABLE trace_entries (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id ${KEY},
        user_id ${KEY},
        at BIGINT NOT NULL,
        entry_json TEXT NOT NULL
      );
      CREATE INDEX trace_entries_newest_per_user ON trace_entries (tenant_id, user_id, at DESC, id DESC);
    `,
  },
  {
    version: 2,
    name: 'trace entry counts per user',
    up: `
      CREATE TABLE trace_counts (
        tenant_id ${KEY},
        user_id ${KEY},
        entries INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      );
      INSERT INTO trace_counts (tenant_id, user_id, entries)
        SELECT tenant_id, user_id, COUNT(*) FROM trace_entries GROUP BY tenant_id, user_id;
    `,
  },
  {
    version: 3,
    name: 'bot conversations and alerts',
    up: `
      CREATE TABLE bot_installations (
        tenant_id ${KEY},
        team_id ${KEY},
        reference_json TEXT NOT NULL,
        installed_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, team_id)
      );

      CREATE TABLE alert_channels (
        tenant_id ${KEY} PRIMARY KEY,
        reference_json TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at BIGINT NOT NULL
      );

      CREATE TABLE open_alerts (
        tenant_id ${KEY},
        alert_key ${KEY},
        alert_json TEXT NOT NULL,
        opened_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, alert_key)
      );

      CREATE TABLE alert_outbox (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id ${KEY},
        message_json TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        last_error TEXT
      );
      CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, id);
      CREATE INDEX alert_outbox_by_tenant ON alert_outbox (tenant_id, id);
    `,
  },
  {
    version: 4,
    name: 'audit log',
    up: `
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id ${KEY},
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        before_json TEXT,
        after_json TEXT
      );
      CREATE INDEX audit_log_newest_per_tenant ON audit_log (tenant_id, id DESC);
      CREATE INDEX audit_log_by_age ON audit_log (at);
    `,
  },
  {
    version: 5,
    name: 'webhook replay guard and tenant pauses',
    up: `
      CREATE TABLE webhook_replays (
        tenant_id ${KEY},
        signature ${KEY},
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, signature)
      );
      CREATE INDEX webhook_replays_expiry ON webhook_replays (expires_at);

      CREATE TABLE tenant_pauses (
        tenant_id ${KEY} PRIMARY KEY,
        paused_by TEXT NOT NULL,
        paused_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'app registration pool',
    up: `
      CREATE TABLE app_registrations (
        tenant_id ${KEY},
        registration_id ${KEY},
        label TEXT NOT NULL,
        client_id TEXT NOT NULL,
        credential_kind TEXT NOT NULL CHECK (credential_kind IN ('secret', 'certificate')),
        certificate_pem TEXT,
        secret_expires_at BIGINT,
        consent TEXT NOT NULL CHECK (consent IN ('granted', 'refused', 'unknown')),
        consent_json TEXT,
        permissions_json TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, registration_id)
      );
    `,
  },
  {
    version: 7,
    name: 'tenant leases and replica heartbeats',
    // A lease per tenant: the holder (a replica id), a fencing token raised on every take-over, and an expiry
    // on the database's clock (now()), so replicas never compare their own clocks. A replica's heartbeat row
    // says it is alive and where the others reach it (internal_url).
    up: `
      CREATE TABLE tenant_leases (
        tenant_id ${KEY} PRIMARY KEY,
        holder TEXT,
        token BIGINT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );

      CREATE TABLE replicas (
        replica_id ${KEY} PRIMARY KEY,
        internal_url TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

export async function currentPostgresSchemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await db.query<{ found: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS found");
  if (!exists.rows[0].found) return 0;
  const result = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  return result.rows[0].version ?? 0;
}

/**
 * Brings the schema up to the newest migration, one transaction per step. Each step first takes an advisory
 * lock held until its COMMIT, so replicas starting together apply every step exactly once.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
  now: () => number = Date.now,
): Promise<MigrationReport> {
  const known = latestSchemaVersion(migrations);
  const from = await currentPostgresSchemaVersion(pool);
  if (from > known) throw new SchemaTooNewError(from, known);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    const didApply = await inTransaction(pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${LOCK_MIGRATIONS}, ${schemaLockKey})`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const current = await currentPostgresSchemaVersion(client);
      if (current > known) throw new SchemaTooNewError(current, known);
      if (current >= migration.version) return false; // another replica applied it while we waited
      try {
        await client.query(migration.up);
      } catch (error) {
        throw new MigrationError(migration.version, migration.name, error);
      }
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now(),
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { from, to: await currentPostgresSchemaVersion(pool), applied };
}
