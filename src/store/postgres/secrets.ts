import type pg from 'pg';
import { requireKey } from '../row-values';
import type { SecretBox } from '../secret-box';
import type { SecretRepository } from '../store';
import { assertKeyCheck, KEY_CHECK, sealedKeyCheck, secretContext } from '../rows/secret-sealing';
import type { Clock } from '../../time/clock';
import type { Queryable } from './pool';

/** Seals the key check with `box`, replacing the one there: `box`'s key becomes the database's key. */
export async function replaceKeyCheck(db: Queryable, box: SecretBox): Promise<void> {
  await db.query('INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
    KEY_CHECK,
    sealedKeyCheck(box),
  ]);
}

/** Re-encrypts every secret of every tenant from `from` to `to`; run it inside a transaction. */
export async function resealAll(client: pg.PoolClient, from: SecretBox, to: SecretBox): Promise<number> {
  const { rows } = await client.query<{ tenant_id: string; name: string; sealed: string }>(
    'SELECT tenant_id, name, sealed FROM secrets FOR UPDATE',
  );
  const resealed = rows.map((row) => {
    const context = secretContext(row.tenant_id, row.name);
    return to.seal(from.open(row.sealed, context), context);
  });
  await client.query(
    `UPDATE secrets SET sealed = batch.sealed
     FROM unnest($1::text[], $2::text[], $3::text[]) AS batch (tenant_id, name, sealed)
     WHERE secrets.tenant_id = batch.tenant_id AND secrets.name = batch.name`,
    [rows.map((r) => r.tenant_id), rows.map((r) => r.name), resealed],
  );
  await replaceKeyCheck(client, to);
  return rows.length;
}

/**
 * The first open seals a known value with the key; later opens must be able to open it, so a wrong key is
 * reported at start-up rather than at the first token request. ON CONFLICT DO NOTHING and read back: when two
 * replicas open a new database at once, the first key written wins for both.
 */
export async function verifySecretKey(db: Queryable, box: SecretBox): Promise<void> {
  await db.query('INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [KEY_CHECK, sealedKeyCheck(box)]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM store_meta WHERE key = $1', [KEY_CHECK]);
  assertKeyCheck(box, rows[0].value);
}

export function createPostgresSecretRepository(pool: pg.Pool, box: SecretBox, clock: Clock): SecretRepository {
  return {
    async put(tenantId, name, value) {
      requireKey(tenantId, 'tenantId');
      requireKey(name, 'secret name');
      requireKey(value, `value of secret "${name}"`);
      await pool.query(
        `INSERT INTO secrets (tenant_id, name, sealed, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
        [tenantId, name, box.seal(value, secretContext(tenantId, name)), clock.now()],
      );
    },
    async get(tenantId, name) {
      const { rows } = await pool.query<{ sealed: string }>('SELECT sealed FROM secrets WHERE tenant_id = $1 AND name = $2', [
        tenantId,
        name,
      ]);
      return rows[0] && box.open(rows[0].sealed, secretContext(tenantId, name));
    },
    async names(tenantId) {
      const { rows } = await pool.query<{ name: string }>('SELECT name FROM secrets WHERE tenant_id = $1 ORDER BY name', [tenantId]);
      return rows.map((row) => row.name);
    },
    async delete(tenantId, name) {
      await pool.query('DELETE FROM secrets WHERE tenant_id = $1 AND name = $2', [tenantId, name]);
    },
  };
}
