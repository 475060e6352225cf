import { createServer, type Server as HttpServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import restify, { type Server } from 'restify';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { registerBot } from '../../bot/botbuilder-glue';
import { createMemoryAlertRepository } from '../../src/alerts';
import { startConnectorStandIn, type ConnectorStandIn } from './connector-stand-in';
import { FakeAdminService } from './fake-admin-service';
import { personalHelpActivity } from './personal-activity';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const OTHER_APP_ID = '99999999-8888-7777-6666-555555555555';
const KID = 'local-bot-framework-key';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Outbound calls to the stand-in connector need no real Entra token: a fixed header will do. */
const localCredentials = {
  isValidAppId: async (appId: string) => appId === APP_ID,
  isAuthenticationDisabled: async () => false,
  createCredentials: async () => ({
    signRequest: async (request: { headers: { set(n: string, v: string): void } }) => (
      request.headers.set('authorization', 'Bearer local-outbound'),
      request
    ),
  }),
} as unknown as ServiceClientCredentialsFactory;

describe('with an app id set, /api/messages accepts only Bot Framework tokens for this bot', () => {
  let connector: ConnectorStandIn;
  let metadata: HttpServer;
  let server: Server;
  let url: string;
  let key: CryptoKey;
  let forgedKey: CryptoKey;

  beforeAll(async () => {
    connector = await startConnectorStandIn();
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    forgedKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, use: 'sig', endorsements: ['msteams'] };
    metadata = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      const origin = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
      if (req.url === '/v1/.well-known/openidconfiguration')
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${origin}/v1/.well-known/keys` }));
      else res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    const openIdMetadataUrl = `http://127.0.0.1:${(metadata.address() as { port: number }).port}/v1/.well-known/openidconfiguration`;
    server = restify.createServer({ name: 'bot-auth-test', handleUncaughtExceptions: false });
    registerBot(server, {
      admin: new FakeAdminService() as never,
      adminDirectory: { isTenantAdmin: async () => false },
      store: { alerts: createMemoryAlertRepository() },
      logger: quiet,
      appId: APP_ID,
      appPassword: 'not-used-with-local-credentials',
      openIdMetadataUrl,
      credentialsFactory: localCredentials,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${server.address().port}/api/messages`;
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => metadata.close(() => resolve()));
    await connector.close();
  });

  const activity = () => personalHelpActivity(connector.url, APP_ID);

  const token = (claims: { aud?: string }, signingKey = key) =>
    new SignJWT({ serviceurl: connector.url })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setIssuer('https://api.botframework.com')
      .setAudience(claims.aud ?? APP_ID)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .sign(signingKey);

  const post = (authorization?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity()),
    });

  test('an activity without a token is refused', async () => {
    expect((await post()).status).toBe(401);
  });

  test('an activity whose token was signed by someone else is refused', async () => {
    const answer = await post(`Bearer ${await token({}, forgedKey)}`);
    expect(answer.status).toBe(401);
  });

  test('an activity with a token for another bot is refused', async () => {
    expect((await post(`Bearer ${await token({ aud: OTHER_APP_ID })}`)).status).toBe(401);
  });

  test('no refused activity reached the bot', () => {
    expect(connector.posted).toEqual([]);
  });

  test('an activity with a good token for this bot is answered', async () => {
    const answer = await post(`Bearer ${await token({})}`);
    expect(answer.status).toBe(200);
    await connector.waitFor(1);
    expect(connector.posted[0].conversationId).toBe('a:personal');
    expect(connector.posted[0].authorization).toBe('Bearer local-outbound');
  });
});
