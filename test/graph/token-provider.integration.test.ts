import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { EntraAuthError } from '../../src/graph/errors';
import { startHarness, type Harness } from './sim-harness';
import { certificateValidFor } from '../support/test-certificates';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
/** Valid for 20 more days from the moment the test runs. */
const expiring = certificateValidFor(20, 'presence-bridge-expiring-client');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function entraError(promise: Promise<unknown>): Promise<EntraAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EntraAuthError);
  return error as EntraAuthError;
}

describe('token provider against the Entra simulator', () => {
  test('gets an app-only token with a client secret, and reuses it', async () => {
    const creds = h.addTenant();
    const tokens = h.tokens(creds);
    const first = await tokens.getToken();
    const claims = decodeJwt(first.token);
    expect(claims.tid).toBe(creds.tenantId);
    expect(claims.roles).toEqual(
      expect.arrayContaining(['Presence.Read.All', 'Presence.ReadWrite.All', 'User.Read.All', 'TeamsUserConfiguration.Read.All']),
    );
    const tokenRequests = () => h.sim.tenant(creds.tenantId).stats().byEndpoint['token'] ?? 0;
    const before = tokenRequests();
    expect((await tokens.getToken()).token).toBe(first.token);
    expect(tokenRequests()).toBe(before);
  });

  test('gets a token with a certificate, and tells when the certificate expires', async () => {
    const creds = h.addTenant({ clientCertificatePem: expiring.certPem });
    const tokens = h.tokens(creds, { kind: 'certificate', certPem: expiring.certPem, keyPem: expiring.keyPem });
    const token = await tokens.getToken();
    expect(decodeJwt(token.token).tid).toBe(creds.tenantId);
    expect(tokens.certificate?.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(tokens.certificate?.notAfter.getTime()).toBeLessThan(Date.now() + 60 * 86_400_000);
  });

  test('a certificate not registered on the app is explained (AADSTS700027)', async () => {
    const creds = h.addTenant();
    const error = await entraError(
      h.tokens(creds, { kind: 'certificate', certPem: fixture('client-cert.pem'), keyPem: fixture('client-cert-key.pem') }).getToken(),
    );
    expect(error.aadsts).toBe(700027);
    expect(error.message).toMatch(/Certificates & secrets/);
  });

  test.each([
    [
      'a wrong secret',
      7000215,
      (h: Harness) => {
        const creds = h.addTenant();
        return h.tokens(creds, { kind: 'secret', secret: 'f3c1d2e4-0000-4000-8000-123456789abc' });
      },
      /Value, not its Secret ID/,
    ],
    [
      'an expired secret',
      7000222,
      (h: Harness) => {
        const creds = h.addTenant();
        h.sim.tenant(creds.tenantId).expireSecret();
        return h.tokens(creds);
      },
      /has expired/,
    ],
    [
      'an app that is not in the tenant',
      700016,
      (h: Harness) => {
        const creds = h.addTenant();
        return h.tokens({ ...creds, clientId: '00000000-1111-2222-3333-444444444444' });
      },
      /no application with client id 00000000-1111/,
    ],
    [
      'a tenant that does not exist',
      90002,
      (h: Harness) => {
        const creds = h.addTenant();
        return h.tokens({ ...creds, tenantId: '99999999-8888-7777-6666-555555555555' });
      },
      /was not found/,
    ],
    [
      'missing admin consent',
      65001,
      (h: Harness) => {
        const creds = h.addTenant({ consented: false });
        return h.tokens(creds);
      },
      /adminconsent\?client_id=/,
    ],
    [
      'an invalid scope',
      70011,
      (h: Harness) => {
        const creds = h.addTenant();
        return h.tokens(creds, undefined, 'https://graph.microsoft.com/User.Read');
      },
      /\.default/,
    ],
  ])('%s is explained (AADSTS%i)', async (_name, code, make, fix) => {
    const secret = 'f3c1d2e4-0000-4000-8000-123456789abc';
    const error = await entraError(make(h).getToken());
    expect(error.aadsts).toBe(code);
    expect(error.message).toMatch(fix);
    expect(error.message).not.toContain(secret);
  });

  test('after a refusal, Entra is not asked again for a minute unless told to retry', async () => {
    const creds = h.addTenant();
    const tenant = h.sim.tenant(creds.tenantId);
    tenant.expireSecret();
    const tokens = h.tokens(creds);
    const tokenRequests = () => tenant.stats().byEndpoint['token'] ?? 0;
    await entraError(tokens.getToken());
    const afterFirst = tokenRequests();
    await entraError(tokens.getToken());
    expect(tokenRequests()).toBe(afterFirst);
    await h.time.advance(60_001);
    await entraError(tokens.getToken());
    expect(tokenRequests()).toBe(afterFirst + 1);
    tokens.retryNow();
    await entraError(tokens.getToken());
    expect(tokenRequests()).toBe(afterFirst + 2);
  });

  test('no error message ever contains the secret', async () => {
    const creds = h.addTenant();
    h.sim.tenant(creds.tenantId).expireSecret();
    const error = await entraError(h.tokens(creds).getToken());
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(creds.clientSecret);
  });
});
