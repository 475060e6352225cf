import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify, { type Server } from 'restify';
import { registerTabRoutes } from '../../src/admin/tab-static';

let root: string;
let server: Server;
let url: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tab-dist-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>PresenceBridge</title>');
  writeFileSync(join(root, 'dist', 'config.html'), '<!doctype html><title>Configure</title>');
  writeFileSync(join(root, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'dist', 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(root, 'dist', '.env'), 'SECRET=1');
  writeFileSync(join(root, 'outside.txt'), 'not part of the tab');
  server = restify.createServer({ handleUncaughtExceptions: false });
  registerTabRoutes(server, { distDir: join(root, 'dist') });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

/** Raw request: fetch would normalise `..` away before it reaches the server. */
function get(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the tab is served from tab/dist', () => {
  test.each([
    ['/tab/', 'text/html', 'PresenceBridge', 'no-cache'],
    ['/tab/index.html', 'text/html', 'PresenceBridge', 'no-cache'],
    ['/tab/config.html', 'text/html', 'Configure', 'no-cache'],
    ['/tab/assets/index-abc123.js', 'text/javascript', 'console.log', 'immutable'],
    ['/tab/assets/index-abc123.css', 'text/css', 'body{}', 'immutable'],
    ['/tab/users', 'text/html', 'PresenceBridge', 'no-cache'],
  ])('%s is %s', async (path, type, content, cache) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain(type);
    expect(r.headers['cache-control']).toContain(cache);
    expect(r.headers['content-security-policy']).toContain('https://teams.microsoft.com');
    expect(r.body).toContain(content);
  });

  test.each([
    '/tab/../outside.txt',
    '/tab/%2e%2e/outside.txt',
    '/tab/assets/%2e%2e%2f%2e%2e%2foutside.txt',
    '/tab/.env',
    '/tab/missing.js',
    '/tab/%E0%A4%A',
  ])('%s is 404 and shows nothing outside the tab', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toMatch(/not part of the tab|SECRET/);
  });

  test('a folder never lists its files', async () => {
    const r = await get('/tab/assets/');
    expect(r.body).not.toContain('index-abc123');
  });

  test('/tab redirects to /tab/', async () => {
    const r = await get('/tab');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/tab/');
  });
});

test('before the tab is built, /tab/ says how to build it', async () => {
  const bare = restify.createServer({ handleUncaughtExceptions: false });
  registerTabRoutes(bare, { distDir: join(root, 'no-such-dist') });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${bare.address().port}/tab/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('npm run build:tab');
  } finally {
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
});
