/**
 * The registrations a tenant added to its pool (issue 12.1), with their credentials, for `connectTenant`.
 * One whose credential is missing (the store's secrets were discarded with a lost key) is left out: the
 * admin's view shows it with no credential, and the tenant runs on the others.
 */
import type { AddedAppCredentials } from '../../graph';
import type { Store } from '../../store/store';

export async function addedAppCredentials(store: Pick<Store, 'appRegistrations'>, tenantId: string): Promise<AddedAppCredentials[]> {
  const out: AddedAppCredentials[] = [];
  for (const record of await store.appRegistrations.list(tenantId)) {
    const secret = await store.appRegistrations.credential(tenantId, record.id);
    if (record.credentialKind === 'certificate' && record.certificatePem && secret?.privateKeyPem) {
      out.push({
        id: record.id,
        label: record.label,
        clientId: record.clientId,
        certificate: { certPem: record.certificatePem, keyPem: secret.privateKeyPem },
      });
    } else if (record.credentialKind === 'secret' && secret?.clientSecret) {
      out.push({ id: record.id, label: record.label, clientId: record.clientId, secret: secret.clientSecret });
    }
  }
  return out;
}
