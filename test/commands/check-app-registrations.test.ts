import { checkAppRegistrations } from '../../src/commands/check-app-registrations';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { KEY } from '../store/test-store';
import { startHarness, type Harness } from '../graph/sim-harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

test('check lists each added registration: token, permissions, credential expiry and budget; a revoked one fails with its fix', async () => {
  const creds = h.addTenant();
  const tenant = h.sim.tenant(creds.tenantId);
  const good = tenant.addApp();
  const revoked = tenant.addApp();
  tenant.revokeAppSecret(revoked.clientId);
  const store = openSqliteStore({ path: ':memory:', secretKey: KEY });
  const at = h.time.now();
  const record = (id: string, label: string, clientId: string, secretExpiresAt?: number) => ({
    tenantId: creds.tenantId,
    id,
    label,
    clientId,
    credentialKind: 'secret' as const,
    consent: 'unknown' as const,
    createdAt: at,
    updatedAt: at,
    ...(secretExpiresAt ? { secretExpiresAt } : {}),
  });
  await store.appRegistrations.put(record('reg-a', 'Pool 2', good.clientId, at + 40 * 86_400_000), { clientSecret: good.clientSecret });
  await store.appRegistrations.put(record('reg-b', 'Pool 3', revoked.clientId), { clientSecret: revoked.clientSecret });
  const result = await h.time.runUntil(
    checkAppRegistrations({
      store,
      tenantId: creds.tenantId,
      primaryClientId: creds.clientId,
      connection: { authorityHost: h.sim.url, graphBaseUrl: creds.graphBaseUrl, budgetPer30s: 1500 },
      transport: h.transport,
      clock: h.time.clock,
    }),
  );
  await store.close();
  expect(result.ok).toBe(false);
  expect(result.lines[0]).toBe('app registrations: 3 (the primary and 2 added), each 1500 presence requests per 30 s');
  expect(result.lines[1]).toMatch(
    new RegExp(
      `^app registration "Pool 2" \\(${good.clientId}\\): token ok, permissions ok, secret expires \\d{4}-\\d\\d-\\d\\d \\(40 days\\), budget 1500/30 s$`,
    ),
  );
  expect(result.lines[2]).toMatch(
    /^app registration "Pool 3" .*: token FAILED \(AADSTS7000215\).*secret expiry not known, budget 1500\/30 s\n {2}fix: /,
  );
  expect(result.lines.join('\n')).not.toContain(good.clientSecret);
});
