/** The Entra side of the simulator as clients meet it: discovery, token endpoint, AADSTS errors, msal-node 7. */
import { X509Certificate, createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfidentialClientApplication, type INetworkModule } from '@azure/msal-node';
import { Agent, request } from 'undici';
import { type TenantCredentials, startGraphSimulator } from '../../../src/sim/graph';
import { decodeJwt, signJwt } from '../../../src/sim/graph/jwt';
import { manualClock } from './sim-client';
import { useGraphSimulator } from './simulator-fixture';
import { certificateValidFor } from '../../support/test-certificates';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');
const CERT = fixture('client-cert.pem');
const KEY = fixture('client-cert-key.pem');
const { certPem: EXPIRING_CERT, keyPem: EXPIRING_KEY } = certificateValidFor(20, 'presence-bridge-expiring-client');
const SCOPE = 'https://graph.microsoft.com/.default';

const clock = manualClock(Date.now());

const env = useGraphSimulator({ clock });

/** msal-node's network calls through undici trusting the simulator's certificate (no global NODE_EXTRA_CA_CERTS). */
function networkModule(): INetworkModule & { urls: string[] } {
  const dispatcher = new Agent({ connect: { ca: env.sim.caCertPem } });
  const urls: string[] = [];
  const send = async (method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }) => {
    urls.push(`${method} ${new URL(url).pathname}`);
    const res = await request(url, { method, headers: options?.headers, body: options?.body, dispatcher });
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
    return { status: res.statusCode, headers, body: (await res.body.json()) as never };
  };
  return {
    urls,
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function msalApp(
  creds: TenantCredentials,
  auth: { clientSecret?: string; clientCertificate?: { thumbprintSha256: string; privateKey: string; x5c?: string } },
  network = networkModule(),
) {
  return new ConfidentialClientApplication({
    auth: { clientId: creds.clientId, authority: creds.authority, knownAuthorities: [creds.knownAuthority], ...auth },
    system: { networkClient: network },
  });
}

function sha256Thumbprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replace(/:/g, '');
}

describe('OpenID discovery', () => {
  test('serves token_endpoint, issuer and jwks_uri pointing at the simulator itself', async () => {
    const creds = env.sim.addTenant();
    const answer = await env.client.call('GET', `/${creds.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(answer.status).toBe(200);
    expect(answer.json.token_endpoint).toBe(`${env.sim.url}/${creds.tenantId}/oauth2/v2.0/token`);
    expect(answer.json.issuer).toBe(`${env.sim.url}/${creds.tenantId}/v2.0`);
    const jwks = await env.client.call('GET', new URL(answer.json.jwks_uri).pathname);
    expect(jwks.json.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
  });

  test('an unknown tenant answers 90002', async () => {
    const answer = await env.client.call('GET', '/00000000-0000-0000-0000-00000000dead/v2.0/.well-known/openid-configuration');
    expect(answer.status).toBe(400);
    expect(answer.json.error_codes).toEqual([90002]);
  });

  test('the tenant can be addressed by its domain too', async () => {
    const creds = env.sim.addTenant({ domain: 'fabrikam.onmicrosoft.com' });
    const answer = await env.client.token({ ...creds, tenantId: 'fabrikam.onmicrosoft.com' });
    expect(answer.status).toBe(200);
  });
});

describe('token endpoint', () => {
  test('client credentials by secret give a signed JWT with tid, appid, roles, 3599 s and no refresh token', async () => {
    const creds = env.sim.addTenant({ permissions: ['Presence.Read.All', 'User.Read.All'] });
    const answer = await env.client.token(creds);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(answer.json.refresh_token).toBeUndefined();
    const jwt = decodeJwt(answer.json.access_token)!;
    expect(jwt.header.alg).toBe('RS256');
    expect(jwt.payload).toMatchObject({
      tid: creds.tenantId,
      appid: creds.clientId,
      roles: ['Presence.Read.All', 'User.Read.All'],
      aud: 'https://graph.microsoft.com',
    });
    expect(Number(jwt.payload.exp) - Number(jwt.payload.iat)).toBe(3599);
  });

  test.each([
    ['a wrong secret', 7000215, 'invalid_client', (c: TenantCredentials) => ({ client_secret: `${c.clientSecret}x` })],
    ["the secret's id instead of its value", 7000215, 'invalid_client', () => ({ client_secret: '3f1c2a9e-6b1d-4c55-9a43-0d6f1f2b7c11' })],
    ['an unknown client id', 700016, 'unauthorized_client', () => ({ client_id: '11111111-2222-3333-4444-555555555555' })],
    ['a scope other than Graph .default', 70011, 'invalid_scope', () => ({ scope: 'https://graph.microsoft.com/User.Read' })],
  ])("%s answers AADSTS%i in Entra's error shape", async (_name, code, oauthError, change) => {
    const creds = env.sim.addTenant();
    const answer = await env.client.token(creds, change(creds));
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(
      expect.objectContaining({ error: oauthError, error_codes: [code], trace_id: expect.any(String), correlation_id: expect.any(String) }),
    );
    expect(answer.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(answer.text).not.toContain(creds.clientSecret);
  });

  test('an expired secret answers 7000222', async () => {
    const creds = env.sim.addTenant();
    env.sim.tenant(creds.tenantId).expireSecret();
    expect((await env.client.token(creds)).json.error_codes).toEqual([7000222]);
  });

  test('a secret past its expiry date in simulator time answers 7000222', async () => {
    const creds = env.sim.addTenant({ secretExpiresAt: clock.now() + 1000 });
    expect((await env.client.token(creds)).status).toBe(200);
    clock.advance(1000);
    expect((await env.client.token(creds)).json.error_codes).toEqual([7000222]);
  });

  test('an unknown tenant answers 90002', async () => {
    const creds = env.sim.addTenant();
    expect((await env.client.token({ ...creds, tenantId: 'nowhere.onmicrosoft.com' })).json.error_codes).toEqual([90002]);
  });

  test('a deleted app answers 700016', async () => {
    const creds = env.sim.addTenant();
    env.sim.tenant(creds.tenantId).deleteApp();
    expect((await env.client.token(creds)).json.error_codes).toEqual([700016]);
  });

  test('missing admin consent answers 65001', async () => {
    const creds = env.sim.addTenant({ consented: false });
    expect((await env.client.token(creds)).json.error_codes).toEqual([65001]);
    env.sim.tenant(creds.tenantId).setConsent(true);
    expect((await env.client.token(creds)).status).toBe(200);
  });

  test('a rotated secret makes the old one invalid (7000215)', async () => {
    const creds = env.sim.addTenant();
    const fresh = env.sim.tenant(creds.tenantId).rotateSecret();
    expect((await env.client.token(creds)).json.error_codes).toEqual([7000215]);
    expect((await env.client.token({ ...creds, clientSecret: fresh })).status).toBe(200);
  });

  test('requests are counted per tenant', async () => {
    const creds = env.sim.addTenant();
    await env.client.token(creds);
    await env.client.token(creds, { client_secret: 'wrong' });
    expect(env.sim.tenant(creds.tenantId).stats().byEndpoint.token).toBe(2);
  });
});

describe('msal-node 7 against the simulator', () => {
  test('acquires a token by client secret through discovery and the token endpoint', async () => {
    const creds = env.sim.addTenant();
    const network = networkModule();
    const result = await msalApp(creds, { clientSecret: creds.clientSecret }, network).acquireTokenByClientCredential({ scopes: [SCOPE] });
    expect(decodeJwt(result!.accessToken)!.payload.tid).toBe(creds.tenantId);
    expect(network.urls).toEqual([
      `GET /${creds.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${creds.tenantId}/oauth2/v2.0/token`,
    ]);
  });

  test('acquires a token by certificate (client assertion signed with the registered key)', async () => {
    const creds = env.sim.addTenant({ clientCertificatePem: CERT });
    const result = await msalApp(creds, {
      clientCertificate: { thumbprintSha256: sha256Thumbprint(CERT), privateKey: KEY },
    }).acquireTokenByClientCredential({ scopes: [SCOPE] });
    expect(decodeJwt(result!.accessToken)!.payload).toMatchObject({ appid: creds.clientId, appidacr: '2' });
  });

  test('refuses an assertion signed by a certificate that is not registered', async () => {
    const creds = env.sim.addTenant({ clientCertificatePem: CERT });
    await expect(
      msalApp(creds, {
        clientCertificate: { thumbprintSha256: sha256Thumbprint(EXPIRING_CERT), privateKey: EXPIRING_KEY },
      }).acquireTokenByClientCredential({ scopes: [SCOPE] }),
    ).rejects.toThrow(/AADSTS700027/);
  });

  test('refuses a registered certificate once it has expired in simulator time', async () => {
    const local = manualClock(Date.now());
    const other = await startGraphSimulator({ clock: local });
    try {
      const creds = other.addTenant({ clientCertificatePem: EXPIRING_CERT });
      const dispatcher = new Agent({ connect: { ca: other.caCertPem } });
      const network: INetworkModule = {
        sendGetRequestAsync: async (url) => {
          const res = await request(url, { dispatcher });
          return { status: res.statusCode, headers: {}, body: (await res.body.json()) as never };
        },
        sendPostRequestAsync: async (url, options) => {
          const res = await request(url, { method: 'POST', headers: options?.headers, body: options?.body, dispatcher });
          return { status: res.statusCode, headers: {}, body: (await res.body.json()) as never };
        },
      };
      const app = () =>
        new ConfidentialClientApplication({
          auth: {
            clientId: creds.clientId,
            authority: creds.authority,
            knownAuthorities: [creds.knownAuthority],
            clientCertificate: { thumbprintSha256: sha256Thumbprint(EXPIRING_CERT), privateKey: EXPIRING_KEY },
          },
          system: { networkClient: network },
        });
      await expect(app().acquireTokenByClientCredential({ scopes: [SCOPE] })).resolves.toBeTruthy();
      local.set(new X509Certificate(EXPIRING_CERT).validToDate.getTime() + 86_400_000);
      await expect(app().acquireTokenByClientCredential({ scopes: [SCOPE] })).rejects.toThrow(/AADSTS700027/);
      await dispatcher.close();
    } finally {
      await other.close();
    }
  });

  test('reports the AADSTS error of a wrong secret', async () => {
    const creds = env.sim.addTenant();
    await expect(msalApp(creds, { clientSecret: 'not-the-secret' }).acquireTokenByClientCredential({ scopes: [SCOPE] })).rejects.toThrow(
      /AADSTS7000215/,
    );
  });
});

describe('admin consent', () => {
  const consentUrl = (tenant: string, clientId: string) =>
    `/${tenant}/v2.0/adminconsent?client_id=${clientId}&scope=${encodeURIComponent(SCOPE)}&redirect_uri=${encodeURIComponent('https://bridge.example/consent-done')}&state=s-1`;

  test('grants consent and redirects back with admin_consent=True, tenant and state', async () => {
    const creds = env.sim.addTenant({ consented: false });
    const answer = await env.client.call('GET', consentUrl(creds.tenantId, creds.clientId));
    expect(answer.status).toBe(302);
    const back = new URL(String(answer.headers.location));
    expect(`${back.origin}${back.pathname}`).toBe('https://bridge.example/consent-done');
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ admin_consent: 'True', tenant: creds.tenantId, state: 's-1' });
    expect((await env.client.token(creds)).status).toBe(200);
  });

  test('works from /organizations by finding the tenant that holds the app', async () => {
    const creds = env.sim.addTenant({ consented: false });
    const answer = await env.client.call('GET', consentUrl('organizations', creds.clientId));
    expect(new URL(String(answer.headers.location)).searchParams.get('tenant')).toBe(creds.tenantId);
  });

  test('a declining admin comes back with error and error_description, and nothing is granted', async () => {
    const creds = env.sim.addTenant({ consented: false });
    env.sim.tenant(creds.tenantId).setConsentAnswer('decline');
    const back = new URL(String((await env.client.call('GET', consentUrl(creds.tenantId, creds.clientId))).headers.location));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004/);
    expect((await env.client.token(creds)).json.error_codes).toEqual([65001]);
  });

  test('an unknown app comes back with error 700016', async () => {
    const creds = env.sim.addTenant();
    const back = new URL(
      String((await env.client.call('GET', consentUrl(creds.tenantId, '99999999-0000-0000-0000-000000000000'))).headers.location),
    );
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS700016/);
  });
});

describe('client assertion by hand (RS256 with an x5t SHA-1 thumbprint)', () => {
  const x5t = createHash('sha1').update(new X509Certificate(CERT).raw).digest('base64url');
  const assertionFor = (creds: TenantCredentials, change: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: `${env.sim.url}/${creds.tenantId}/oauth2/v2.0/token`,
      iss: creds.clientId,
      sub: creds.clientId,
      jti: randomUUID(),
      nbf: now,
      exp: now + 600,
      ...change,
    };
    return signJwt(claims, createPrivateKey(KEY), { x5t });
  };
  const tokenWith = (creds: TenantCredentials, assertion: string) =>
    env.client.call('POST', `/${creds.tenantId}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        scope: SCOPE,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    });

  test('a correct assertion gets a token', async () => {
    const creds = env.sim.addTenant({ clientCertificatePem: CERT });
    expect((await tokenWith(creds, assertionFor(creds))).status).toBe(200);
  });

  test.each([
    ['an audience that is not the token endpoint', { aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }, 700027],
    ['an issuer that is not the client id', { iss: 'someone-else' }, 700027],
    ['a subject that is not the client id', { sub: 'someone-else' }, 700027],
    ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 3600 }, 700024],
  ])('%s is refused with AADSTS%i', async (_name, change, code) => {
    const creds = env.sim.addTenant({ clientCertificatePem: CERT });
    const answer = await tokenWith(creds, assertionFor(creds, change));
    expect(answer.status).toBe(400);
    expect(answer.json.error_codes).toEqual([code]);
  });

  test('a tampered assertion fails signature validation', async () => {
    const creds = env.sim.addTenant({ clientCertificatePem: CERT });
    const [h, , sig] = assertionFor(creds).split('.');
    const forged = Buffer.from(JSON.stringify({ aud: 'x', iss: creds.clientId, sub: creds.clientId, exp: 9999999999 })).toString(
      'base64url',
    );
    expect((await tokenWith(creds, `${h}.${forged}.${sig}`)).json.error_codes).toEqual([700027]);
  });
});
