/**
 * `presence-bridge check` for a PostgreSQL store: the server answers, which schema the tables go to and at
 * which version, and whether a replica runs the tenants now (holds the replica lease). Read-only: it neither
 * migrates nor takes the lease.
 */
import type pg from 'pg';
import { latestSchemaVersion } from '../migrations';
import { connectPool } from './connect';
import { currentPostgresSchemaVersion, POSTGRES_MIGRATIONS } from './migrations';
import { LOCK_ACTIVE_REPLICA } from './pool';

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
    const { rows } = await pool.query<{ schema: string | null; version: string; active: boolean }>(
      `SELECT current_schema() AS schema, current_setting('server_version') AS version,
         EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1
                   AND objid = ((hashtext(current_schema())::bigint + 4294967296) % 4294967296)::text::oid) AS active`,
      [LOCK_ACTIVE_REPLICA],
    );
    const { schema, version, active } = rows[0];
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
    const replica = active ? 'a replica runs the tenants now (holds the replica lease)' : 'no replica runs the tenants now';
    return { ok: true, message: `PostgreSQL ${version}, schema "${schema}": ${tables}; ${replica}` };
  } catch (error) {
    return { ok: false, message: `PostgreSQL answered, but reading the schema failed: ${(error as Error).message}` };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
