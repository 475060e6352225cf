/**
 * Every route of a whole demo service (bot, webhook, admin API, tab, demo token, health), read from the running
 * restify server's own route table, so a route added later is fuzzed too. Each gets malformed and huge bodies,
 * content encodings, wrong content types, deep nesting, long headers and URLs, odd path parameters and path
 * traversal. After every request: no 5xx caused by the input, the service still answers, and a refused request
 * (4xx) changed nothing stored.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { signatureHeaders } from '../../src/pbx/webhook/signature';
import { startDemoService, type DemoService } from '../support/demo-service';
import { send, type RawAnswer } from './support/raw-http';

interface RouteEntry {
  method: string;
  path: string;
}

interface FuzzCase {
  name: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sign the body as the demo PBX would (webhook only): the input then reaches the parser behind the signature. */
  signed?: boolean;
}

let demo: DemoService;
let url: string;
let adminToken: string;
let routes: RouteEntry[];

beforeAll(async () => {
  demo = await startDemoService();
  url = demo.service.url;
  // restify 12 returns its registry object (name -> route); the typings say an array.
  const table = demo.service.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>;
  routes = Object.values(table).map((r) => ({ method: r.method, path: r.path }));
  const token = await send(url, { method: 'GET', path: '/api/demo/token?role=admin' });
  adminToken = (JSON.parse(token.body) as { token: string }).token;
}, 60_000);
afterAll(() => demo.stop());

const JSON_TYPE = { 'content-type': 'application/json' };
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const BODY_CASES: FuzzCase[] = [
  { name: 'no body', headers: JSON_TYPE },
  { name: 'malformed JSON', headers: JSON_TYPE, body: '{"a":' },
  { name: 'JSON null', headers: JSON_TYPE, body: 'null' },
  { name: 'JSON number', headers: JSON_TYPE, body: '1e309' },
  { name: 'JSON string', headers: JSON_TYPE, body: '"x"' },
  { name: 'JSON array', headers: JSON_TYPE, body: '[1,{"a":[]}]' },
  { name: 'prototype keys', headers: JSON_TYPE, body: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}' },
  {
    name: 'wrong field types',
    headers: JSON_TYPE,
    body: '{"extension":[],"state":{},"at":"never","type":1,"rows":"x","rules":7,"mode":null}',
  },
  { name: 'deep array nesting', headers: JSON_TYPE, body: deepArray(50_000) },
  { name: 'deep object nesting', headers: JSON_TYPE, body: deepObject(20_000) },
  { name: 'invalid UTF-8', headers: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) },
  { name: 'NUL bytes', headers: JSON_TYPE, body: '{"a":"\u0000\u0000"}\u0000' },
  { name: 'a 2 MB body', headers: JSON_TYPE, body: `{"a":"${'x'.repeat(2 * 1024 * 1024)}"}` },
  { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: 'hello' },
  {
    name: 'XML',
    headers: { 'content-type': 'application/xml' },
    body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
  },
  { name: 'a form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&__proto__[x]=1' },
  {
    name: 'multipart',
    headers: { 'content-type': 'multipart/form-data; boundary=zz' },
    body: '--zz\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--zz--',
  },
  { name: 'a CSV', headers: { 'content-type': 'text/csv' }, body: 'extension,userId\n"unclosed,\n=cmd|calc!A1,x\n' },
  { name: 'a content type with no subtype', headers: { 'content-type': 'application' }, body: '{}' },
  { name: 'gzip garbage', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: 'not gzip at all' },
  {
    name: 'a gzip bomb',
    headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 }),
  },
  { name: 'deflate', headers: { ...JSON_TYPE, 'content-encoding': 'deflate' }, body: deflateSync(Buffer.from('{}')) },
  { name: 'br', headers: { ...JSON_TYPE, 'content-encoding': 'br' }, body: brotliCompressSync(Buffer.from('{}')) },
];

const REQUEST_CASES: FuzzCase[] = [
  { name: 'a long header (over the limit)', headers: { 'x-long': 'a'.repeat(20_000) } },
  { name: 'a long header (under the limit)', headers: { 'x-long': 'a'.repeat(12_000) } },
  { name: 'a long URL', query: `?q=${'a'.repeat(20_000)}` },
  { name: 'a long query value', query: `?role=${'a'.repeat(8_000)}&limit=${'9'.repeat(400)}` },
  { name: 'odd query values', query: '?role=%00&limit=-1&limit=1e309&cursor=%E0%A4%A&__proto__[x]=1&a[b][c]=1' },
  { name: 'a garbage bearer token', headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } },
  { name: 'a huge bearer token', headers: { authorization: `Bearer ${'A'.repeat(14_000)}` } },
  { name: 'Basic credentials', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
  { name: 'a Host of another site', headers: { host: 'evil.example' } },
];

/** Values for a path parameter: traversal, encodings, sizes, another tenant. */
const PARAM_VALUES = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%00',
  '%E0%A4%A',
  'x'.repeat(3000),
  '00000000-0000-4000-8000-000000000bad',
  '%3Cscript%3E',
  'a%2Fb',
];

const TRAVERSALS = [
  '../../package.json',
  '..%2f..%2fpackage.json',
  '%2e%2e/%2e%2e/package.json',
  '....//....//package.json',
  '..\\..\\package.json',
  '%252e%252e%252fpackage.json',
  '/etc/passwd',
  'assets/%00.js',
];

/** The route's path with its parameters filled in: the real tenant for :tenantId, a harmless value elsewhere. */
function concrete(path: string, fill: (name: string) => string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => fill(name)).replace(/\*$/, 'index.html');
}

const realParam = (name: string) => (name === 'tenantId' ? demo.tenantId : 'no-such-id');

async function snapshot(): Promise<string> {
  const store = demo.service.store;
  const t = demo.tenantId;
  return JSON.stringify({
    tenants: await store.tenants.list(),
    secrets: await store.secrets.names(t),
    policy: (await store.policies.get(t)) ?? null,
    mapping: await store.mappings.list(t),
    conflicts: await store.mappings.conflicts(t),
    overrides: await store.mappings.overrides(t),
    pbxUsers: await store.pbxUsers.list(t),
    channel: (await store.alerts?.channel(t)) ?? null,
    installations: (await store.alerts?.installations(t)) ?? [],
    // Pauses as the engine holds them: the stored copy follows with each user's next save.
    paused: demo.service.engine
      .snapshot(t)
      .map((s) => [s.userId, s.paused ?? null])
      .sort(),
  });
}

/** The stored state once background saves have landed (an accepted pause is saved after its answer): two equal reads in a row. */
async function settledSnapshot(): Promise<string> {
  await demo.service.engine.idle();
  let last = await snapshot();
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = await snapshot();
    if (next === last) return next;
    last = next;
  }
  return last;
}

interface Finding {
  route: string;
  fuzz: string;
  problem: string;
}

async function fuzz(
  route: RouteEntry,
  path: string,
  c: FuzzCase,
  auth: 'none' | 'admin',
  baseline: number,
  findings: Finding[],
): Promise<void> {
  const hasBody = c.body !== undefined && !['GET', 'HEAD'].includes(route.method);
  const headers: Record<string, string> = { ...(auth === 'admin' ? { authorization: `Bearer ${adminToken}` } : {}), ...c.headers };
  const body = hasBody ? c.body : undefined;
  if (c.signed && body !== undefined) Object.assign(headers, signatureHeaders(demo.service.demo!.pbxSecret, body, Date.now()));
  const mutating = route.method !== 'GET' && route.method !== 'HEAD';
  const before = mutating ? await settledSnapshot() : undefined;
  let answer: RawAnswer;
  try {
    answer = await send(url, { method: route.method, path: `${path}${c.query ?? ''}`, headers, body });
  } catch (error) {
    // The server may close a connection it refused before the client finished sending; that is an answer too.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'EPIPE') return;
    throw error;
  }
  const where = `${route.method} ${route.path} (${auth})`;
  // FUZZ_DEBUG=1 prints every answer, to see which inputs reach which check.
  if (process.env.FUZZ_DEBUG) console.log(`${answer.status} ${where} ${c.name}`);
  if (answer.status >= 500 && answer.status !== baseline)
    findings.push({ route: where, fuzz: c.name, problem: `answered ${answer.status}: ${answer.body.slice(0, 200)}` });
  if (/"name":\s*"presence-bridge"|root:x:0:0/.test(answer.body))
    findings.push({ route: where, fuzz: c.name, problem: 'served a file from outside its folder' });
  if (before !== undefined && answer.status >= 400) {
    const after = await settledSnapshot(); // with whatever a refused request might have set going
    if (after !== before) {
      const b = JSON.parse(before) as Record<string, unknown>;
      const a = JSON.parse(after) as Record<string, unknown>;
      const changed = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      findings.push({
        route: where,
        fuzz: c.name,
        problem: `refused with ${answer.status}, yet the stored state changed (${changed.join(', ')})`,
      });
    }
  }
}

test('the route table is read from the running service and holds every kind of route', () => {
  const paths = routes.map((r) => `${r.method} ${r.path}`);
  expect(paths).toEqual(
    expect.arrayContaining([
      'POST /api/messages',
      'POST /api/pbx/:tenantId/line-state',
      'GET /api/demo/token',
      'GET /healthz',
      'GET /tab/*',
      'PUT /api/admin/rules',
    ]),
  );
  expect(routes.filter((r) => r.path.startsWith('/api/admin/')).length).toBeGreaterThan(15);
});

test('no input to any route gets a 5xx, ends the service, or changes stored state when refused', async () => {
  const findings: Finding[] = [];
  let requests = 0;
  for (const route of routes) {
    const path = concrete(route.path, realParam);
    const baseline = (await send(url, { method: 'GET', path: concrete(route.path, realParam) })).status;
    const admin = route.path.startsWith('/api/admin/');
    const webhook = route.path.includes('/line-state');
    const cases: Array<[FuzzCase, 'none' | 'admin']> = [
      ...REQUEST_CASES.map((c): [FuzzCase, 'none' | 'admin'] => [c, admin ? 'admin' : 'none']),
      ...(route.method === 'GET' ? [] : BODY_CASES.map((c): [FuzzCase, 'none' | 'admin'] => [c, admin ? 'admin' : 'none'])),
      ...(webhook
        ? BODY_CASES.filter((c) => !c.headers?.['content-encoding']).map((c): [FuzzCase, 'none' | 'admin'] => [
            { ...c, name: `${c.name}, signed`, signed: true },
            'none',
          ])
        : []),
      ...(admin ? [[{ name: 'no token, a body', headers: JSON_TYPE, body: '{}' }, 'none'] as [FuzzCase, 'none' | 'admin']] : []),
    ];
    for (const [c, auth] of cases) {
      await fuzz(route, path, c, auth, baseline, findings);
      requests++;
    }
    for (const name of route.path.match(/:(\w+)/g) ?? []) {
      for (const value of PARAM_VALUES) {
        const odd = concrete(route.path, (n) => (`:${n}` === name ? value : realParam(n)));
        await fuzz(
          route,
          odd,
          { name: `${name} = ${value.slice(0, 30)}`, headers: JSON_TYPE, body: '{}' },
          admin ? 'admin' : 'none',
          baseline,
          findings,
        );
        requests++;
      }
    }
    if (route.path.endsWith('*')) {
      for (const traversal of TRAVERSALS) {
        await fuzz(route, route.path.replace(/\*$/, traversal), { name: `traversal ${traversal}` }, 'none', baseline, findings);
        requests++;
      }
    }
    const health = await send(url, { method: 'GET', path: '/healthz' });
    if (health.status !== 200)
      findings.push({
        route: `${route.method} ${route.path}`,
        fuzz: '(all)',
        problem: `the service answered /healthz with ${health.status} afterwards`,
      });
  }
  expect(requests).toBeGreaterThan(routes.length * REQUEST_CASES.length);
  expect(findings).toEqual([]);
}, 120_000);
