/**
 * The schema, as an ordered list of versioned migrations recorded in `schema_migrations`. Applying them is
 * idempotent; a database that carries a version this build does not know is refused, never downgraded.
 * Add a new migration at the end; never edit one that has shipped.
 *
 * Every data table is keyed by tenant_id first, so each query of one tenant walks only that tenant's rows.
 * Tables read whole per tenant are WITHOUT ROWID: their rows sit in primary-key order, so loading 100,000
 * sync states is one sequential range scan instead of an index walk plus a lookup per row (4x faster).
 * `store_meta` (the secret key check) and `schema_migrations` are the only tables that belong to the file.
 */
import type { DatabaseSync } from 'node:sqlite';
import { MigrationError, SchemaTooNewError } from './errors';

export interface Migration {
  version: number;
  name: string;
  /** SQL run in one transaction together with its schema_migrations row. */
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: `
      CREATE TABLE store_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE tenants (
        tenant_id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('demo', 'app')),
        client_id TEXT,
        settings_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE secrets (
        tenant_id TEXT NOT NULL,
        name TEXT NOT NULL,
        sealed TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, name)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE policies (
        tenant_id TEXT PRIMARY KEY,
        policy_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE directory_users (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE directory_sync (
        tenant_id TEXT PRIMARY KEY,
        delta_link TEXT,
        last_refresh_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE pbx_users (
        tenant_id TEXT NOT NULL,
        extension TEXT NOT NULL,
        user_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, extension)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE mapping_entries (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        extension TEXT NOT NULL,
        matched_by TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX mapping_entries_by_extension ON mapping_entries (tenant_id, extension);

      CREATE TABLE mapping_conflicts (
        tenant_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        conflict_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, position)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE mapping_overrides (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        extension TEXT,
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_states (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        state_json TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE trace_entries (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        entry_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX trace_entries_newest_per_user ON trace_entries (tenant_id, user_id, at DESC, id DESC);
    `,
  },
  {
    version: 2,
    name: 'trace entry counts per user',
    // Lets prune visit only the users over the limit instead of ranking every entry of every user.
    up: `
      CREATE TABLE trace_counts (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        entries INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO trace_counts (tenant_id, user_id, entries)
        SELECT tenant_id, user_id, COUNT(*) FROM trace_entries GROUP BY tenant_id, user_id;
    `,
  },
  {
    version: 3,
    name: 'bot conversations and alerts',
    // What the admin bot and the alert engine must not lose on a restart: where the bot is installed, which
    // channel gets the alerts, which alerts are open (so "resolved" follows after a restart), and the outbox of
    // alerts not yet delivered (retried with backoff).
    up: `
      CREATE TABLE bot_installations (
        tenant_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        reference_json TEXT NOT NULL,
        installed_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, team_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE alert_channels (
        tenant_id TEXT PRIMARY KEY,
        reference_json TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE open_alerts (
        tenant_id TEXT NOT NULL,
        alert_key TEXT NOT NULL,
        alert_json TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, alert_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE alert_outbox (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        message_json TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_error TEXT
      ) STRICT;
      CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, id);
      CREATE INDEX alert_outbox_by_tenant ON alert_outbox (tenant_id, id);
    `,
  },
  {
    version: 4,
    name: 'audit log',
    // Every admin change with who, when, and before/after (secrets as "changed" only); pruned by age.
    up: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        before_json TEXT,
        after_json TEXT
      ) STRICT;
      CREATE INDEX audit_log_newest_per_tenant ON audit_log (tenant_id, id DESC);
      CREATE INDEX audit_log_by_age ON audit_log (at);
    `,
  },
  {
    version: 5,
    name: 'webhook replay guard and tenant pauses',
    // What a restart must not forget: the signatures of accepted webhook requests until their timestamp is
    // out of the freshness window (a replay after a restart is still refused), and a whole-tenant pause (users
    // mapped later are paused too). A pause row is written in the same transaction as the users' states.
    up: `
      CREATE TABLE webhook_replays (
        tenant_id TEXT NOT NULL,
        signature TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, signature)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX webhook_replays_expiry ON webhook_replays (expires_at);

      CREATE TABLE tenant_pauses (
        tenant_id TEXT PRIMARY KEY,
        paused_by TEXT NOT NULL,
        paused_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'app registration pool',
    // The registrations a tenant added beside its own (issue 12.1). Their secrets live in `secrets` under
    // names of their own (see rows/app-registration-row.ts), so key rotation and discarding cover them.
    up: `
      CREATE TABLE app_registrations (
        tenant_id TEXT NOT NULL,
        registration_id TEXT NOT NULL,
        label TEXT NOT NULL,
        client_id TEXT NOT NULL,
        credential_kind TEXT NOT NULL CHECK (credential_kind IN ('secret', 'certificate')),
        certificate_pem TEXT,
        secret_expires_at INTEGER,
        consent TEXT NOT NULL CHECK (consent IN ('granted', 'refused', 'unknown')),
        consent_json TEXT,
        permissions_json TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, registration_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'tenant leases and replica heartbeats',
    // Used by PostgreSQL only (replicas spread the tenants over themselves, src/service/leases). A SQLite file
    // has one process, which runs every tenant; the tables exist so that "schema version 7" means the same
    // tables in both stores.
    up: `
      CREATE TABLE tenant_leases (
        tenant_id TEXT PRIMARY KEY,
        holder TEXT,
        token INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE replicas (
        replica_id TEXT PRIMARY KEY,
        internal_url TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export interface MigrationReport {
  /** Schema version before and after. */
  from: number;
  to: number;
  applied: number[];
}

export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

export function currentSchemaVersion(db: DatabaseSync): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/** Brings the database up to the newest migration in `migrations`. */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS, now: () => number = Date.now): MigrationReport {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const known = latestSchemaVersion(migrations);
  const from = currentSchemaVersion(db);
  if (from > known) throw new SchemaTooNewError(from, known);

  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together cannot both apply a step.
    db.exec('BEGIN IMMEDIATE');
    try {
      if (currentSchemaVersion(db) >= migration.version) {
        db.exec('ROLLBACK');
        continue;
      }
      db.exec(migration.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      db.exec('COMMIT');
      applied.push(migration.version);
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new MigrationError(migration.version, migration.name, error);
    }
  }
  return { from, to: currentSchemaVersion(db), applied };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : migrations[index - 1].version;
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}; versions must be integers rising from 1`);
    }
  });
}
