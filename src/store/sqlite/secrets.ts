import type { DatabaseSync } from 'node:sqlite';
import type { SecretBox } from '../secret-box';
import type { SecretRepository } from '../store';
import { assertKeyCheck, KEY_CHECK, sealedKeyCheck, secretContext } from '../rows/secret-sealing';
import type { Clock } from '../../time/clock';
import { requireKey } from './database';

/** Seals the key check with `box`, replacing the one there: `box`'s key becomes the file's key. */
export function replaceKeyCheck(db: DatabaseSync, box: SecretBox): void {
  db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)').run(KEY_CHECK, sealedKeyCheck(box));
}

/** Re-encrypts every secret of every tenant from `from` to `to`; run it inside a transaction. */
export function resealAll(db: DatabaseSync, from: SecretBox, to: SecretBox): number {
  const rows = db.prepare('SELECT tenant_id, name, sealed FROM secrets').all() as { tenant_id: string; name: string; sealed: string }[];
  const update = db.prepare('UPDATE secrets SET sealed = ? WHERE tenant_id = ? AND name = ?');
  for (const row of rows) {
    const context = secretContext(row.tenant_id, row.name);
    update.run(to.seal(from.open(row.sealed, context), context), row.tenant_id, row.name);
  }
  replaceKeyCheck(db, to);
  return rows.length;
}

/**
 * The first open seals a known value with the key; later opens must be able to open it. A wrong key is thus
 * reported at start-up, before any secret is needed, rather than at the first token request.
 */
export function verifySecretKey(db: DatabaseSync, box: SecretBox): void {
  // OR IGNORE and read back: when two processes open a new file at once, the first key written wins for both.
  db.prepare('INSERT OR IGNORE INTO store_meta (key, value) VALUES (?, ?)').run(KEY_CHECK, sealedKeyCheck(box));
  const row = db.prepare('SELECT value FROM store_meta WHERE key = ?').get(KEY_CHECK) as { value: string };
  assertKeyCheck(box, row.value);
}

export function createSqliteSecretRepository(db: DatabaseSync, box: SecretBox, clock: Clock): SecretRepository {
  const upsert = db.prepare(`
    INSERT INTO secrets (tenant_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (tenant_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`);
  const getOne = db.prepare('SELECT sealed FROM secrets WHERE tenant_id = ? AND name = ?');
  const listNames = db.prepare('SELECT name FROM secrets WHERE tenant_id = ? ORDER BY name');
  const remove = db.prepare('DELETE FROM secrets WHERE tenant_id = ? AND name = ?');

  return {
    async put(tenantId, name, value) {
      requireKey(tenantId, 'tenantId');
      requireKey(name, 'secret name');
      requireKey(value, `value of secret "${name}"`);
      upsert.run(tenantId, name, box.seal(value, secretContext(tenantId, name)), clock.now());
    },
    async get(tenantId, name) {
      const row = getOne.get(tenantId, name) as { sealed: string } | undefined;
      return row && box.open(row.sealed, secretContext(tenantId, name));
    },
    async names(tenantId) {
      return (listNames.all(tenantId) as { name: string }[]).map((row) => row.name);
    },
    async delete(tenantId, name) {
      remove.run(tenantId, name);
    },
  };
}
