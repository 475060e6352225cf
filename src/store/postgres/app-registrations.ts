import type pg from 'pg';
import type { SecretBox } from '../secret-box';
import type { AppRegistrationRepository, AppRegistrationSecret } from '../store';
import { secretContext } from '../rows/secret-sealing';
import {
  APP_REGISTRATION_COLUMNS as COLUMNS,
  appRegistrationRecordOf as toRecord,
  appRegistrationRowValues,
  appRegistrationSecretNames,
  appRegistrationSecretWrites,
  newRegistrationWithoutSecret,
  type AppRegistrationRow,
} from '../rows/app-registration-row';
import type { Clock } from '../../time/clock';
import { inTransaction } from './pool';

export function createPostgresAppRegistrationRepository(pool: pg.Pool, box: SecretBox, clock: Clock): AppRegistrationRepository {
  const open = async (tenantId: string, name: string): Promise<string | undefined> => {
    const { rows } = await pool.query<{ sealed: string }>('SELECT sealed FROM secrets WHERE tenant_id = $1 AND name = $2', [
      tenantId,
      name,
    ]);
    return rows[0] && box.open(rows[0].sealed, secretContext(tenantId, name));
  };

  return {
    async list(tenantId) {
      const { rows } = await pool.query<AppRegistrationRow>(
        `SELECT ${COLUMNS} FROM app_registrations WHERE tenant_id = $1 ORDER BY created_at, registration_id`,
        [tenantId],
      );
      return rows.map(toRecord);
    },
    async get(tenantId, id) {
      const { rows } = await pool.query<AppRegistrationRow>(
        `SELECT ${COLUMNS} FROM app_registrations WHERE tenant_id = $1 AND registration_id = $2`,
        [tenantId, id],
      );
      return rows[0] && toRecord(rows[0]);
    },
    async put(record, secret) {
      const values = appRegistrationRowValues(record);
      const writes = secret && appRegistrationSecretWrites(record, secret);
      await inTransaction(pool, async (client) => {
        if (!writes) {
          const { rowCount } = await client.query('SELECT 1 FROM app_registrations WHERE tenant_id = $1 AND registration_id = $2', [
            record.tenantId,
            record.id,
          ]);
          if (!rowCount) throw newRegistrationWithoutSecret(record);
        }
        await client.query(
          `INSERT INTO app_registrations (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (tenant_id, registration_id) DO UPDATE SET
             label = excluded.label, client_id = excluded.client_id, credential_kind = excluded.credential_kind,
             certificate_pem = excluded.certificate_pem, secret_expires_at = excluded.secret_expires_at, consent = excluded.consent,
             consent_json = excluded.consent_json, permissions_json = excluded.permissions_json, updated_at = excluded.updated_at`,
          values,
        );
        for (const [name, value] of writes?.put ?? []) {
          await client.query(
            `INSERT INTO secrets (tenant_id, name, sealed, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
            [record.tenantId, name, box.seal(value, secretContext(record.tenantId, name)), clock.now()],
          );
        }
        for (const name of writes?.remove ?? []) {
          await client.query('DELETE FROM secrets WHERE tenant_id = $1 AND name = $2', [record.tenantId, name]);
        }
      });
    },
    async credential(tenantId, id) {
      const names = appRegistrationSecretNames(id);
      const clientSecret = await open(tenantId, names.clientSecret);
      const privateKeyPem = await open(tenantId, names.privateKeyPem);
      const found: AppRegistrationSecret = {};
      if (clientSecret !== undefined) found.clientSecret = clientSecret;
      if (privateKeyPem !== undefined) found.privateKeyPem = privateKeyPem;
      return clientSecret === undefined && privateKeyPem === undefined ? undefined : found;
    },
    async remove(tenantId, id) {
      return inTransaction(pool, async (client) => {
        await client.query('DELETE FROM secrets WHERE tenant_id = $1 AND name = ANY($2::text[])', [
          tenantId,
          Object.values(appRegistrationSecretNames(id)),
        ]);
        const { rowCount } = await client.query('DELETE FROM app_registrations WHERE tenant_id = $1 AND registration_id = $2', [
          tenantId,
          id,
        ]);
        return (rowCount ?? 0) > 0;
      });
    },
  };
}
