/** What every Store must do, whatever its database: survive a restart, refuse a wrong key or a newer schema, keep tenants apart. */
import { SchemaTooNewError, SecretKeyMismatchError } from '../../src/store/errors';
import { CLIENT_SECRET, fillTenant, snapshot } from './sample-tenant';
import { describeEachStore, describeEachStoreTarget, type StoreTarget } from './store-contract';
import { OTHER_KEY, fixedClock, syncState } from './test-store';

describeEachStoreTarget('a store', (createTarget) => {
  let target: StoreTarget;
  beforeEach(async () => (target = await createTarget()));
  afterEach(() => target.remove());

  test('a restart keeps everything: close the store and open it again', async () => {
    const first = await target.open({ clock: fixedClock(1_750_000_000_000) });
    await fillTenant(first, 'contoso');
    const before = await snapshot(first, 'contoso');
    await first.close();

    const second = await target.open();
    const after = await snapshot(second, 'contoso');
    await second.close();

    expect(after).toEqual(before);
    // Guard against a vacuous comparison: every part really was stored.
    expect(after.secret).toBe(`${CLIENT_SECRET}-contoso`);
    expect(after.lastRefreshAt).toBe(1_750_000_000_000);
    expect(after.deltaLink).toBe('https://graph/delta?token=contoso');
    expect(after.conflicts).toHaveLength(1);
    expect(after.overrides).toEqual([{ tenantId: 'contoso', userId: 'contoso-carol', extension: null, by: 'admin@contoso.com', at: 5 }]);
    expect(after.trace.map((e) => e.at)).toEqual([200, 100]);
    expect(after.syncStates).toEqual([syncState('contoso', 'contoso-alice')]);
    expect(after.outbox).toEqual([
      { tenantId: 'contoso', message: { text: 'alert for contoso' }, attempts: 0, nextAttemptAt: 9, createdAt: 8 },
    ]);
  });

  test('opening with another key is refused at once with the clear message', async () => {
    const store = await target.open();
    await store.secrets.put('contoso', 'clientSecret', 'value');
    await store.close();

    await expect(target.open({ secretKey: OTHER_KEY })).rejects.toThrow(SecretKeyMismatchError);
    await expect(target.open({ secretKey: OTHER_KEY })).rejects.toThrow(
      'the secret key does not match the one these secrets were stored with',
    );

    const again = await target.open();
    expect(await again.secrets.get('contoso', 'clientSecret')).toBe('value');
    await again.close();
  });

  test('a database from a newer release is refused with a clear message', async () => {
    await (await target.open()).close();
    await target.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await expect(target.open()).rejects.toThrow(SchemaTooNewError);
    await expect(target.open()).rejects.toThrow(/schema version 999/);
  });

  test('opening the same database twice migrates once and both see the same data', async () => {
    const a = await target.open();
    const b = await target.open();
    await a.policies.put('contoso', { preset: 'x' });
    expect(await b.policies.get('contoso')).toEqual({ preset: 'x' });
    await a.close();
    await b.close();
  });

  test('close can be called twice', async () => {
    const store = await target.open();
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describeEachStore('tenant isolation', (open) => {
  test("one tenant never sees another tenant's rows", async () => {
    const store = await open();
    await fillTenant(store, 'tenant-one');
    await fillTenant(store, 'tenant-two');
    // Same user and extension keys in both tenants: rows must still stay apart.
    await store.syncStates.save(syncState('tenant-one', 'shared-user', '2000'));
    await store.syncStates.save(syncState('tenant-two', 'shared-user', '3000'));

    for (const [mine, theirs] of [
      ['tenant-one', 'tenant-two'],
      ['tenant-two', 'tenant-one'],
    ]) {
      const seen = await snapshot(store, mine);
      expect(JSON.stringify(seen)).not.toContain(theirs);
      expect(seen.secret).toBe(`${CLIENT_SECRET}-${mine}`);
      expect(seen.directory.map((u) => u.id)).toEqual([`${mine}-alice`]);
      expect(seen.syncStates).toHaveLength(2);
      expect(seen.outbox).toHaveLength(1);
    }
    expect((await store.syncStates.loadAll('tenant-one')).find((s) => s.userId === 'shared-user')?.extension).toBe('2000');
    expect((await store.syncStates.loadAll('tenant-two')).find((s) => s.userId === 'shared-user')?.extension).toBe('3000');

    // Replacing or deleting in one tenant leaves the other alone.
    await store.mappings.replace('tenant-one', [], []);
    await store.pbxUsers.replace('tenant-one', []);
    await store.directory.applyDelta('tenant-one', { upserts: [], removals: [], deltaLink: null, fullResync: true });
    await store.secrets.delete('tenant-one', 'clientSecret');
    await store.mappings.deleteOverride('tenant-one', 'tenant-two-carol');
    await store.syncStates.remove('tenant-one', ['shared-user', 'tenant-two-alice']);
    await store.alerts?.clearChannel('tenant-one');
    const untouched = await snapshot(store, 'tenant-two');
    expect(untouched.mapping).toHaveLength(1);
    expect(untouched.conflicts).toHaveLength(1);
    expect(untouched.pbxUsers).toHaveLength(1);
    expect(untouched.directory).toHaveLength(1);
    expect(untouched.overrides).toHaveLength(1);
    expect(untouched.syncStates).toHaveLength(2);
    expect(untouched.alertChannel?.setBy).toBe('Admin');
    expect(untouched.secret).toBe(`${CLIENT_SECRET}-tenant-two`);
    expect(await store.trace.forUser('tenant-one', 'tenant-two-alice', 10)).toEqual([]);
    expect(await store.tenants.get('nobody')).toBeUndefined();
    await store.close();
  });
});
