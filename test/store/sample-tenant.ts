/** A tenant with a row in every table, and a snapshot of everything a store keeps of it. */
import type { Store } from '../../src/store/store';
import { syncState, traceEntry } from './test-store';

export const CLIENT_SECRET = 'Xq8~plain-client-secret-value-0123456789';

export async function fillTenant(store: Store, tenantId: string): Promise<void> {
  await store.tenants.upsert({
    tenantId,
    displayName: `Tenant ${tenantId}`,
    mode: 'app',
    clientId: `client-${tenantId}`,
    settings: { connector: { kind: 'webhook', url: 'https://pbx.example/hook' } },
    createdAt: 1,
    updatedAt: 2,
  });
  await store.secrets.put(tenantId, 'clientSecret', `${CLIENT_SECRET}-${tenantId}`);
  await store.policies.put(tenantId, { preset: 'daktela', directions: { teamsToPbx: true, pbxToTeams: false } });
  await store.directory.applyDelta(tenantId, {
    upserts: [{ id: `${tenantId}-alice`, displayName: 'Alice', mail: 'alice@contoso.com', proxyAddresses: ['SMTP:alice@contoso.com'] }],
    removals: [],
    deltaLink: `https://graph/delta?token=${tenantId}`,
    fullResync: true,
  });
  await store.pbxUsers.replace(tenantId, [{ extension: '1001', displayName: 'Alice', email: 'alice@contoso.com' }]);
  await store.mappings.replace(
    tenantId,
    [{ tenantId, userId: `${tenantId}-alice`, extension: '1001', matchedBy: 'mail' }],
    [{ tenantId, key: 'mail:bob@contoso.com', userIds: ['b1', 'b2'], extensions: ['1002'], reason: 'two Teams users share the mail' }],
  );
  await store.mappings.putOverride({ tenantId, userId: `${tenantId}-carol`, extension: null, by: 'admin@contoso.com', at: 5 });
  await store.syncStates.save(syncState(tenantId, `${tenantId}-alice`));
  await store.trace.append([traceEntry(tenantId, `${tenantId}-alice`, 100), traceEntry(tenantId, `${tenantId}-alice`, 200)]);
  await store.alerts?.setChannel({ tenantId, reference: { conversation: { id: `channel-${tenantId}` } }, setBy: 'Admin', setAt: 7 });
  await store.alerts?.enqueue(tenantId, { text: `alert for ${tenantId}` }, 8, 9);
}

export async function snapshot(store: Store, tenantId: string) {
  return {
    tenant: await store.tenants.get(tenantId),
    secret: await store.secrets.get(tenantId, 'clientSecret'),
    secretNames: await store.secrets.names(tenantId),
    policy: await store.policies.get(tenantId),
    directory: await store.directory.listUsers(tenantId),
    deltaLink: await store.directory.getDeltaLink(tenantId),
    lastRefreshAt: await store.directory.lastRefreshAt(tenantId),
    pbxUsers: await store.pbxUsers.list(tenantId),
    mapping: await store.mappings.list(tenantId),
    conflicts: await store.mappings.conflicts(tenantId),
    overrides: await store.mappings.overrides(tenantId),
    syncStates: await store.syncStates.loadAll(tenantId),
    trace: await store.trace.forUser(tenantId, `${tenantId}-alice`, 10),
    alertChannel: await store.alerts?.channel(tenantId),
    outbox: (await store.alerts?.pending(tenantId))?.map(({ id: _id, ...rest }) => rest),
  };
}
