import type { DatabaseSync } from 'node:sqlite';
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
import { inTransaction } from './database';

export function createSqliteAppRegistrationRepository(db: DatabaseSync, box: SecretBox, clock: Clock): AppRegistrationRepository {
  const listAll = db.prepare(`SELECT ${COLUMNS} FROM app_registrations WHERE tenant_id = ? ORDER BY created_at, registration_id`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM app_registrations WHERE tenant_id = ? AND registration_id = ?`);
  const upsert = db.prepare(`
    INSERT INTO app_registrations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (tenant_id, registration_id) DO UPDATE SET
      label = excluded.label, client_id = excluded.client_id, credential_kind = excluded.credential_kind,
      certificate_pem = excluded.certificate_pem, secret_expires_at = excluded.secret_expires_at, consent = excluded.consent,
      consent_json = excluded.consent_json, permissions_json = excluded.permissions_json, updated_at = excluded.updated_at`);
  const putSecret = db.prepare(`
    INSERT INTO secrets (tenant_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (tenant_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`);
  const getSecret = db.prepare('SELECT sealed FROM secrets WHERE tenant_id = ? AND name = ?');
  const removeSecret = db.prepare('DELETE FROM secrets WHERE tenant_id = ? AND name = ?');
  const removeOne = db.prepare('DELETE FROM app_registrations WHERE tenant_id = ? AND registration_id = ?');

  const open = (tenantId: string, name: string): string | undefined => {
    const row = getSecret.get(tenantId, name) as { sealed: string } | undefined;
    return row && box.open(row.sealed, secretContext(tenantId, name));
  };

  return {
    async list(tenantId) {
      return (listAll.all(tenantId) as unknown as AppRegistrationRow[]).map(toRecord);
    },
    async get(tenantId, id) {
      const row = getOne.get(tenantId, id) as AppRegistrationRow | undefined;
      return row && toRecord(row);
    },
    async put(record, secret) {
      const values = appRegistrationRowValues(record) as (string | number | null)[];
      const writes = secret && appRegistrationSecretWrites(record, secret);
      inTransaction(db, () => {
        if (!writes && !getOne.get(record.tenantId, record.id)) throw newRegistrationWithoutSecret(record);
        upsert.run(...values);
        for (const [name, value] of writes?.put ?? []) {
          putSecret.run(record.tenantId, name, box.seal(value, secretContext(record.tenantId, name)), clock.now());
        }
        for (const name of writes?.remove ?? []) removeSecret.run(record.tenantId, name);
      });
    },
    async credential(tenantId, id) {
      const names = appRegistrationSecretNames(id);
      const found: AppRegistrationSecret = {};
      const clientSecret = open(tenantId, names.clientSecret);
      const privateKeyPem = open(tenantId, names.privateKeyPem);
      if (clientSecret !== undefined) found.clientSecret = clientSecret;
      if (privateKeyPem !== undefined) found.privateKeyPem = privateKeyPem;
      return clientSecret === undefined && privateKeyPem === undefined ? undefined : found;
    },
    async remove(tenantId, id) {
      return inTransaction(db, () => {
        for (const name of Object.values(appRegistrationSecretNames(id))) removeSecret.run(tenantId, name);
        return Number(removeOne.run(tenantId, id).changes) > 0;
      });
    },
  };
}
