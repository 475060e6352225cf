import { generatePeople } from '../../src/sim/graph';
import { connectTenant, credentialOf, TenantConnections } from '../../src/graph/tenant-connection';
import { startHarness, type Harness } from './sim-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

test('connectTenant builds a working connection per tenant from settings', async () => {
  const registry = new TenantConnections();
  const expected: number[] = [];
  for (const seed of [51, 52]) {
    const users = generatePeople(5, seed).directoryUsers;
    const creds = h.addTenant({ users });
    expected.push(users.length);
    registry.set(
      connectTenant(
        { tenantId: creds.tenantId, clientId: creds.clientId, secret: creds.clientSecret },
        { authorityHost: h.sim.url, graphBaseUrl: creds.graphBaseUrl, budgetPer30s: 1500 },
        { transport: h.transport, clock: h.time.clock, sleep: h.time.sleep },
      ),
    );
  }
  const answers = await h.time.runUntil(
    Promise.all(registry.list().map((c) => c.client.get<{ value: unknown[] }>('/users/delta?$select=id&$top=999'))),
  );
  expect(answers.map((a) => a.value.length)).toEqual(expected);
  expect(registry.list().map((c) => c.client.stats().budgetLimit)).toEqual([1500, 1500]);
});

test.each([
  [{ secret: 's' }, 'secret'],
  [{ certificate: { certPem: 'c', keyPem: 'k' } }, 'certificate'],
])('credentialOf picks the %j credential', (given, kind) => {
  expect(credentialOf({ tenantId: 't', clientId: 'c', ...given }).kind).toBe(kind);
});

test('credentialOf explains a tenant with no credential', () => {
  expect(() => credentialOf({ tenantId: 't', clientId: 'c' })).toThrow(/neither a client secret nor a certificate/);
});
