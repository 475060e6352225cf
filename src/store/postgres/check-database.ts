/**
 * `presence-bridge check` for a PostgreSQL store: the server answers, which schema the tables go to and at
 * which version, and how many replicas are alive and how many tenants they run (hold a live lease). Read-only:
 * it neither migrates nor takes a lease.
 */
import type pg from 'pg';
import { latestSchemaVersion } from '../migrations';
import { connectPool } from './connect';
import { currentPostgresSchemaVersion, POSTGRES_MIGRATIONS } from './migrations';

export interface DatabaseCheck {
  ok: boolean;
  message: string;
}

export async function checkPostgresDatabase(connectionString: string): Promise<DatabaseCheck> {
  let pool: pg.Pool;
  try {
    pool = await connectPool(connectionString);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  try {
    const { rows } = await pool.query<{ schema: string | null; version: string }>(
      `SELECT current_schema() AS schema, current_setting('server_version') AS version`,
    );
    const { schema, version } = rows[0];
    if (!schema)
      return {
        ok: false,
        message: `PostgreSQL ${version} answers, but no schema of the search_path exists. Fix: create it, or point search_path at one.`,
      };
    const at = await currentPostgresSchemaVersion(pool);
    const known = latestSchemaVersion(POSTGRES_MIGRATIONS);
    if (at > known)
      return {
        ok: false,
        message: `schema "${schema}" is at version ${at}, newer than this release knows (${known}). Fix: run the newer release.`,
      };
    const tables =
      at === 0
        ? 'no tables yet (the first start creates them)'
        : `tables at version ${at} of ${known}${at < known ? ' (the next start migrates them)' : ''}`;
    const replica = at >= LEASES_VERSION ? await replicasNow(pool) : 'no replica runs the tenants now';
    return { ok: true, message: `PostgreSQL ${version}, schema "${schema}": ${tables}; ${replica}` };
  } catch (error) {
    return { ok: false, message: `PostgreSQL answered, but reading the schema failed: ${(error as Error).message}` };
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** The schema version that has the lease tables. */
const LEASES_VERSION = 6;

async function replicasNow(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ replicas: number; running: number; tenants: number }>(
    `SELECT (SELECT count(*) FROM replicas WHERE expires_at > now())::int AS replicas,
            (SELECT count(*) FROM tenant_leases WHERE holder IS NOT NULL AND expires_at > now())::int AS running,
            (SELECT count(*) FROM tenants)::int AS tenants`,
  );
  const { replicas, running, tenants } = rows[0];
  if (replicas === 0) return 'no replica runs the tenants now';
  const each = await pool.query<{ replica_id: string; n: number }>(
    `SELECT r.replica_id, count(l.tenant_id)::int AS n FROM replicas r
       LEFT JOIN tenant_leases l ON l.holder = r.replica_id AND l.expires_at > now()
      WHERE r.expires_at > now() GROUP BY r.replica_id ORDER BY r.replica_id`,
  );
  const perReplica = each.rows.map((r) => `${r.replica_id}: ${r.n}`).join(', ');
  return `${replicas} replica${replicas === 1 ? '' : 's'} alive, running ${running} of ${tenants} tenant${tenants === 1 ? '' : 's'} (${perReplica})`;
}
