import { request } from 'node:http';
import restify, { type Server } from 'restify';
import { registerDemoTokenRoute } from '../../src/admin/demo-token-route';
import { isLoopbackAddress } from '../../src/http/local-caller';
import { createLocalTokenIssuer } from '../../src/admin/local-token-issuer';
import { createSsoValidator, type SsoValidator } from '../../src/admin/sso-validator';
import { createLogger } from '../../src/logger';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const DEMO_TENANT = 'dddddddd-0000-4000-8000-00000000000d';
let server: Server;
let url: string;
let validator: SsoValidator;

beforeAll(async () => {
  const issuer = await createLocalTokenIssuer({ clientId: CLIENT_ID });
  validator = createSsoValidator({ clientId: CLIENT_ID, keys: issuer.keys });
  server = restify.createServer({ handleUncaughtExceptions: false });
  registerDemoTokenRoute(server, { issuer, tenantId: () => DEMO_TENANT, logger: createLogger('silent') });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test.each([
  ['admin', true],
  ['user', false],
])('a %s demo token passes the same validation as an Entra token, for the demo tenant', async (role, isAdmin) => {
  const res = await fetch(`${url}/api/demo/token?role=${role}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { token: string };
  expect(body).toMatchObject({ tenantId: DEMO_TENANT, role });
  await expect(validator.validate(`Bearer ${body.token}`)).resolves.toMatchObject({ tenantId: DEMO_TENANT, isAdmin });
});

test('a plain user of the demo directory can be signed in by object id; never as an admin', async () => {
  const res = await fetch(`${url}/api/demo/token?role=user&userId=00000000-0000-4000-8000-000000000042`);
  const body = (await res.json()) as { token: string };
  await expect(validator.validate(`Bearer ${body.token}`)).resolves.toMatchObject({
    userId: '00000000-0000-4000-8000-000000000042',
    isAdmin: false,
  });
  const asAdmin = await fetch(`${url}/api/demo/token?role=admin&userId=00000000-0000-4000-8000-000000000042`);
  expect(asAdmin.status).toBe(400);
  expect(((await asAdmin.json()) as { problems: unknown }).problems).toEqual([
    { path: 'query.userId', message: expect.stringMatching(/only for role=user/) },
  ]);
});

test('an unknown role is a 400 naming the choices', async () => {
  const res = await fetch(`${url}/api/demo/token?role=root`);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { problems: unknown }).problems).toEqual([{ path: 'query.role', message: 'must be admin or user' }]);
});

test.each<[string | undefined, boolean]>([
  ['127.0.0.1', true],
  ['127.0.0.53', true],
  ['::1', true],
  ['::ffff:127.0.0.1', true],
  ['10.0.0.5', false],
  ['::ffff:192.168.1.2', false],
  ['1127.0.0.1', false],
  [undefined, false],
])('%s is loopback: %s', (address, expected) => {
  expect(isLoopbackAddress(address)).toBe(expected);
});

/** A raw request, so that Host and forwarding headers are sent as a proxy would send them. */
function getToken(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/demo/token?role=admin`, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.each<[string, Record<string, string>]>([
  ['a local reverse proxy adding X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
  ['a local reverse proxy adding Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
  ['a local reverse proxy passing the public Host', { host: 'pb.example.com' }],
  ['a browser outside, through a proxy that rewrites Host', { referer: 'https://pb.example.com/tab/' }],
])('%s gets no token: the route looks absent', async (_name, headers) => {
  const answer = await getToken(headers);
  expect(answer.status).toBe(404);
  expect(answer.body).not.toContain('token"');
});

test('the same raw request straight from this machine gets its token', async () => {
  const answer = await getToken({});
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ role: 'admin', tenantId: DEMO_TENANT });
});
