import { StoreInputError } from '../../../src/store/errors';
import type { OpenedStore } from '../../../src/store/open-store';
import type { AppRegistrationRecord } from '../../../src/store/store';
import { describeEachStore } from '../store-contract';

const record = (tenantId: string, id: string, extra: Partial<AppRegistrationRecord> = {}): AppRegistrationRecord => ({
  tenantId,
  id,
  label: `Pool ${id}`,
  clientId: `client-${id}`,
  credentialKind: 'secret',
  consent: 'unknown',
  createdAt: 10,
  updatedAt: 10,
  ...extra,
});

describeEachStore('app registrations', (open) => {
  let store: OpenedStore;
  beforeAll(async () => (store = await open()));
  afterAll(() => store.close());

  test('a registration round-trips with its sealed secret, oldest first, per tenant', async () => {
    await store.appRegistrations.put(record('t1', 'b', { createdAt: 20, secretExpiresAt: 5_000 }), { clientSecret: 'secret-b' });
    await store.appRegistrations.put(
      record('t1', 'a', {
        consent: 'granted',
        consentDetail: { at: 7, by: 'ann@contoso' },
        permissions: { checkedAt: 8, ok: false, missing: ['Presence.ReadWrite.All'] },
      }),
      { clientSecret: 'secret-a' },
    );
    await store.appRegistrations.put(record('t2', 'c'), { clientSecret: 'secret-c' });
    const listed = await store.appRegistrations.list('t1');
    expect(listed.map((r) => r.id)).toEqual(['a', 'b']);
    expect(listed[0]).toEqual(
      record('t1', 'a', {
        consent: 'granted',
        consentDetail: { at: 7, by: 'ann@contoso' },
        permissions: { checkedAt: 8, ok: false, missing: ['Presence.ReadWrite.All'] },
      }),
    );
    expect(listed[1].secretExpiresAt).toBe(5_000);
    expect(await store.appRegistrations.credential('t1', 'b')).toEqual({ clientSecret: 'secret-b' });
    expect(await store.appRegistrations.get('t2', 'a')).toBeUndefined();
  });

  test('the secret is never in the record, nor among the values a list returns', async () => {
    await store.appRegistrations.put(record('t3', 'x'), { clientSecret: 'do-not-leak-7Q~' });
    expect(JSON.stringify(await store.appRegistrations.list('t3'))).not.toContain('do-not-leak');
  });

  test('saving without a secret keeps it; a new credential of the other kind replaces it', async () => {
    await store.appRegistrations.put(record('t4', 'r'), { clientSecret: 's1' });
    await store.appRegistrations.put(record('t4', 'r', { label: 'Renamed', updatedAt: 11 }));
    expect((await store.appRegistrations.get('t4', 'r'))?.label).toBe('Renamed');
    expect(await store.appRegistrations.credential('t4', 'r')).toEqual({ clientSecret: 's1' });
    await store.appRegistrations.put(record('t4', 'r', { credentialKind: 'certificate', certificatePem: 'CERT' }), {
      privateKeyPem: 'KEY',
    });
    expect(await store.appRegistrations.credential('t4', 'r')).toEqual({ privateKeyPem: 'KEY' });
    expect((await store.appRegistrations.get('t4', 'r'))?.certificatePem).toBe('CERT');
  });

  test('remove takes the record and its secrets; a second remove says there was none', async () => {
    await store.appRegistrations.put(record('t5', 'gone'), { clientSecret: 's' });
    expect(await store.appRegistrations.remove('t5', 'gone')).toBe(true);
    expect(await store.appRegistrations.get('t5', 'gone')).toBeUndefined();
    expect(await store.appRegistrations.credential('t5', 'gone')).toBeUndefined();
    expect(await store.secrets.names('t5')).toEqual([]);
    expect(await store.appRegistrations.remove('t5', 'gone')).toBe(false);
  });

  test.each([
    ['a new registration without its secret', record('t6', 'n'), undefined],
    ['a secret registration without a secret value', record('t6', 'n'), { clientSecret: '' }],
    ['a certificate registration without a certificate', record('t6', 'n', { credentialKind: 'certificate' }), { privateKeyPem: 'K' }],
    ['an empty client id', record('t6', 'n', { clientId: '' }), { clientSecret: 's' }],
    ['an unknown consent', record('t6', 'n', { consent: 'maybe' as never }), { clientSecret: 's' }],
  ])('refuses %s and changes nothing', async (_case, bad, secret) => {
    await expect(store.appRegistrations.put(bad, secret)).rejects.toThrow(StoreInputError);
    expect(await store.appRegistrations.list('t6')).toEqual([]);
  });
});
