/** The read-only commands (users, explain) open the service's store the way the service does. */
import { loadSettings } from '../config';
import { storeSecretKey } from '../store/store-secret-key';
import { openStore, storeLocation } from '../store/open-store';
import type { Store, TenantRecord } from '../store/store';
import { UsageError } from './usage-error';

export async function openStoreFor(
  env: Record<string, string | undefined>,
  tenantArg: string | undefined,
): Promise<{ store: Store; tenant: TenantRecord }> {
  const settings = loadSettings(env);
  const secretKey = await storeSecretKey(settings);
  const store = await openStore(settings, secretKey);
  const tenants = await store.tenants.list();
  const wanted = tenantArg ?? settings.tenant?.tenantId;
  const tenant = wanted ? tenants.find((t) => t.tenantId === wanted) : tenants.length === 1 ? tenants[0] : undefined;
  if (!tenant) {
    await store.close();
    if (tenants.length === 0) throw new UsageError(`No tenant in ${storeLocation(settings)} yet. Start the service once (npm start).`);
    throw new UsageError(`Say which tenant with --tenant: ${tenants.map((t) => `${t.tenantId} (${t.displayName})`).join(', ')}.`);
  }
  return { store, tenant };
}
