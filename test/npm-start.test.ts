/**
 * The README's first command: `npm start` builds what is stale (the tab, the service bundle dist/cli.js) and
 * runs the bundle on plain Node with the start script's flags; with no tenant configured it is demo mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) early; output:\n${seen}`)));
  });
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-npm-start-'));
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs the bundled service in demo mode: it says so, answers /healthz and serves the tab', async () => {
    const env = { ...process.env, PORT: '0', PB_DATA_DIR: dataDir, PB_TENANT_ID: '', LOG_LEVEL: 'warn' };
    child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const [, url] = await waitForLine(child, /PresenceBridge is running on (http:\/\/127\.0\.0\.1:\d+) \(demo mode/, 110_000);

    expect(existsSync(join(ROOT, 'dist', 'cli.js'))).toBe(true);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { mode: string; tenants: unknown[] };
    expect(health.mode).toBe('demo');
    expect(health.tenants).toHaveLength(1);
    const tab = await fetch(`${url}/tab/`);
    expect(tab.status).toBe(200);
    expect(await tab.text()).toContain('<div id="root">');
  }, 120_000);
});
