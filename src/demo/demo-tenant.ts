/** Demo mode's tenant: started simulators, and a tenant record that points the service at them. */
import type { Settings } from '../config';
import { SECRET_NAMES, type TenantSettings } from '../runtime/tenant-settings';
import type { Store } from '../store/store';
import type { Clock } from '../time/clock';
import { startDemoEnvironment, type DemoEnvironment } from './demo-environment';

export async function startDemo(
  settings: Readonly<Settings>,
  store: Store,
  serviceUrl: string,
  clock: Clock,
  tuning: { seed?: number; graphLatencyMs?: number } = {},
): Promise<DemoEnvironment> {
  // A restarted demo finds its own tenant (and so its mapping, rules and trace) again.
  const previous = (await store.tenants.list()).find((t) => t.mode === 'demo');
  const previousSecret = previous && (await store.secrets.get(previous.tenantId, SECRET_NAMES.clientSecret));
  const demo = await startDemoEnvironment({
    users: settings.demo.users,
    changesPerMinute: settings.demo.changesPerMinute,
    lineStateWebhookUrl: (tenantId) => `${serviceUrl}/api/pbx/${tenantId}/line-state`,
    tenantId: previous?.tenantId,
    clientSecret: previousSecret,
    seed: tuning.seed,
    graphLatencyMs: tuning.graphLatencyMs,
  });
  const c = demo.credentials;
  const tenantSettings: TenantSettings = {
    appKind: 'demo',
    authorityHost: demo.graph.url,
    graphBaseUrl: demo.graph.url,
    connector: { kind: 'webhook', url: demo.pbx.routingUrl, usersUrl: demo.pbx.usersUrl, setBy: 'operator' },
  };
  await store.tenants.upsert({
    tenantId: c.tenantId,
    displayName: 'Contoso (demo)',
    mode: 'demo',
    clientId: c.clientId,
    settings: tenantSettings,
    createdAt: previous?.createdAt ?? clock.now(),
    updatedAt: clock.now(),
  });
  await store.secrets.put(c.tenantId, SECRET_NAMES.clientSecret, c.clientSecret);
  await store.secrets.put(c.tenantId, SECRET_NAMES.pbxSecret, demo.pbxSecret);
  return demo;
}
