/**
 * The tenant named in the environment (PB_TENANT_ID ...) is recorded in the store like any tenant set up
 * in the tab, so one code path starts them all. The environment wins over what was stored for it.
 * A multi-tenant deployment without PB_PBX_CONNECTOR records nothing: that tenant is set up in the tab too.
 */
import type { Settings } from '../../config';
import type { Store } from '../../store/store';
import type { Clock } from '../../time/clock';
import { SECRET_NAMES, type TenantSettings } from './tenant-settings';

export async function recordConfiguredTenant(settings: Readonly<Settings>, store: Store, clock: Clock): Promise<void> {
  const t = settings.tenant;
  if (!t || !settings.pbxConfigured) return;
  const existing = await store.tenants.get(t.tenantId);
  const tenantSettings: TenantSettings = {
    ...(existing?.settings as Partial<TenantSettings> | undefined),
    appKind: 'ownApp',
    authorityHost: settings.authorityHost,
    graphBaseUrl: settings.graphBaseUrl,
    connector: {
      kind: settings.pbx.connector,
      url: settings.pbx.url,
      usersUrl: settings.pbx.usersUrl,
      username: settings.pbx.username,
      setBy: 'operator',
    },
    certificatePem: t.certificate?.certPem,
    pbxSecretPreviousUntil: undefined, // the environment's previous secret counts until it is removed there
  };
  await store.tenants.upsert({
    tenantId: t.tenantId,
    displayName: existing?.displayName ?? t.tenantId,
    mode: 'app',
    clientId: t.clientId,
    settings: tenantSettings,
    createdAt: existing?.createdAt ?? clock.now(),
    updatedAt: clock.now(),
  });
  const put = async (name: string, value: string | undefined) => {
    if (value) await store.secrets.put(t.tenantId, name, value);
    else await store.secrets.delete(t.tenantId, name);
  };
  await put(SECRET_NAMES.clientSecret, t.secret);
  await put(SECRET_NAMES.privateKeyPem, t.certificate?.keyPem);
  await put(SECRET_NAMES.pbxSecret, settings.pbx.secret);
  await put(SECRET_NAMES.pbxSecretPrevious, settings.pbx.previousSecret);
  await put(SECRET_NAMES.pbxPassword, settings.pbx.password);
}
