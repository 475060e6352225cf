/**
 * The app_registrations table's row, as both stores read and write it. The credential's secret half is kept
 * in `secrets` under the names below, sealed like every other secret of the tenant: rotating the store's key
 * or discarding the secrets covers it with no code of its own.
 */
import { StoreInputError } from '../errors';
import { fromJson, requireKey, toJson } from '../row-values';
import type { AppRegistrationRecord, AppRegistrationSecret } from '../store';

export interface AppRegistrationRow {
  tenant_id: string;
  registration_id: string;
  label: string;
  client_id: string;
  credential_kind: AppRegistrationRecord['credentialKind'];
  certificate_pem: string | null;
  secret_expires_at: number | string | null;
  consent: AppRegistrationRecord['consent'];
  consent_json: string | null;
  permissions_json: string | null;
  created_at: number | string;
  updated_at: number | string;
}

export const APP_REGISTRATION_COLUMNS =
  'tenant_id, registration_id, label, client_id, credential_kind, certificate_pem, secret_expires_at, consent, consent_json, permissions_json, created_at, updated_at';

/** The secrets-table names of a registration's sealed credential. */
export function appRegistrationSecretNames(id: string): { clientSecret: string; privateKeyPem: string } {
  return { clientSecret: `appRegistration/${id}/clientSecret`, privateKeyPem: `appRegistration/${id}/privateKeyPem` };
}

const CONSENTS = new Set(['granted', 'refused', 'unknown']);

export function appRegistrationRowValues(record: AppRegistrationRecord): unknown[] {
  requireKey(record.tenantId, 'tenantId');
  requireKey(record.id, 'app registration id');
  requireKey(record.clientId, `client id of app registration ${record.id}`);
  if (record.credentialKind !== 'secret' && record.credentialKind !== 'certificate')
    throw new StoreInputError(
      `app registration ${record.id} has credential kind "${String(record.credentialKind)}"; use "secret" or "certificate"`,
    );
  if (record.credentialKind === 'certificate') requireKey(record.certificatePem, `certificate of app registration ${record.id}`);
  if (!CONSENTS.has(record.consent))
    throw new StoreInputError(`app registration ${record.id} has consent "${String(record.consent)}"; use granted, refused or unknown`);
  const what = `app registration ${record.id} of tenant ${record.tenantId}`;
  return [
    record.tenantId,
    record.id,
    record.label,
    record.clientId,
    record.credentialKind,
    record.certificatePem ?? null,
    record.secretExpiresAt ?? null,
    record.consent,
    record.consentDetail === undefined ? null : toJson(record.consentDetail, `consent of ${what}`),
    record.permissions === undefined ? null : toJson(record.permissions, `permissions of ${what}`),
    record.createdAt,
    record.updatedAt,
  ];
}

export function appRegistrationRecordOf(row: AppRegistrationRow): AppRegistrationRecord {
  const where = `app registration ${row.registration_id} of tenant ${row.tenant_id}`;
  const record: AppRegistrationRecord = {
    tenantId: row.tenant_id,
    id: row.registration_id,
    label: row.label,
    clientId: row.client_id,
    credentialKind: row.credential_kind,
    consent: row.consent,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.certificate_pem !== null) record.certificatePem = row.certificate_pem;
  if (row.secret_expires_at !== null) record.secretExpiresAt = Number(row.secret_expires_at);
  if (row.consent_json !== null) record.consentDetail = fromJson(row.consent_json, `consent of ${where}`);
  if (row.permissions_json !== null) record.permissions = fromJson(row.permissions_json, `permissions of ${where}`);
  return record;
}

/** The secrets to store for `record` ([name, value] to put, names to delete), after checking they fit its kind. */
export function appRegistrationSecretWrites(
  record: AppRegistrationRecord,
  secret: AppRegistrationSecret,
): { put: [string, string][]; remove: string[] } {
  const names = appRegistrationSecretNames(record.id);
  const [needed, other] =
    record.credentialKind === 'secret' ? [names.clientSecret, names.privateKeyPem] : [names.privateKeyPem, names.clientSecret];
  const value = record.credentialKind === 'secret' ? secret.clientSecret : secret.privateKeyPem;
  requireKey(value, `${record.credentialKind === 'secret' ? 'client secret' : 'private key'} of app registration ${record.id}`);
  return { put: [[needed, value!]], remove: [other] };
}

export function newRegistrationWithoutSecret(record: AppRegistrationRecord): StoreInputError {
  return new StoreInputError(
    `app registration ${record.id} of tenant ${record.tenantId} is new and needs its client secret or private key`,
  );
}
