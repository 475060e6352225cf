/**
 * When the Bot Framework's key metadata cannot be fetched, no token can be verified: an activity is then refused
 * with 401 (never let in, never a 500), and the failure is logged so the outage is seen.
 */
import { generateKeyPair, SignJWT } from 'jose';
import restify, { type Server } from 'restify';
import { registerBot } from '../../bot/botbuilder-glue';
import { createMemoryAlertRepository } from '../../src/alerts';
import { freeTcpPort } from '../support/free-ports';
import { startConnectorStandIn, type ConnectorStandIn } from './connector-stand-in';
import { FakeAdminService } from './fake-admin-service';
import { personalHelpActivity } from './personal-activity';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const logged: string[] = [];
const log = { info: () => undefined, warn: () => undefined, error: (_o: unknown, message: string) => void logged.push(message) };

let connector: ConnectorStandIn;
let server: Server;
let url: string;

beforeAll(async () => {
  connector = await startConnectorStandIn();
  // Nothing listens on this port: every fetch of the metadata fails to connect.
  const closedPort = await freeTcpPort();
  server = restify.createServer({ name: 'bot-auth-unreachable-test', handleUncaughtExceptions: false });
  registerBot(server, {
    admin: new FakeAdminService() as never,
    adminDirectory: { isTenantAdmin: async () => true },
    store: { alerts: createMemoryAlertRepository() },
    logger: log,
    appId: APP_ID,
    appPassword: 'not-used',
    openIdMetadataUrl: `http://127.0.0.1:${closedPort}/v1/.well-known/openidconfiguration`,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/api/messages`;
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  jest.restoreAllMocks();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector.close();
});

const activity = () => personalHelpActivity(connector.url, APP_ID);

test('a forged token is refused with 401, and the unreachable keys are logged', async () => {
  const forged = await new SignJWT({ serviceurl: connector.url })
    .setProtectedHeader({ alg: 'RS256', kid: 'some-key' })
    .setIssuer('https://api.botframework.com')
    .setAudience(APP_ID)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign((await generateKeyPair('RS256')).privateKey);
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
    body: JSON.stringify(activity()),
  });
  expect(answer.status).toBe(401);
  expect(logged.some((m) => m.includes('could not be verified'))).toBe(true);
  expect(connector.posted).toEqual([]);
});

test('an activity without a token is still 401', async () => {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity()) });
  expect(answer.status).toBe(401);
});
