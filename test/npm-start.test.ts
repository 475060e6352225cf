/**
 * The README's first command: `npm start` builds what is stale (the tab, the service bundle dist/cli.js) and
 * runs the bundle on plain Node with the start script's flags; with no tenant configured it is demo mode, and
 * the simulated people's Teams presence changes flow to the simulated PBX, printed as they go.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Everything a child prints (stdout and stderr), and waiting for a line in it. */
function outputOf(child: ChildProcess) {
  let text = '';
  let exited: number | null | undefined;
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.once('exit', (code) => (exited = code));
  return {
    get text() {
      return text;
    },
    async waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text.slice(from));
        if (match) return match;
        if (exited !== undefined) throw new Error(`npm start exited (${exited}) early; output:\n${text}`);
        if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-npm-start-'));
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs the bundled service in demo mode: it says so, answers /healthz and /readyz, serves the tab and shows changes flowing to the PBX', async () => {
    const env = { ...process.env, PORT: '0', PB_DATA_DIR: dataDir, PB_TENANT_ID: '', LOG_LEVEL: 'warn' };
    child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = outputOf(child);
    const [, url] = await output.waitFor(/PresenceBridge is running on (http:\/\/127\.0\.0\.1:\d+) \(demo mode/, 110_000);

    expect(existsSync(join(ROOT, 'dist', 'cli.js'))).toBe(true);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'alive' });
    const health = (await (await fetch(`${url}/readyz`)).json()) as { mode: string; tenants: unknown[] };
    expect(health.mode).toBe('demo');
    expect(health.tenants).toHaveLength(1);
    const tab = await fetch(`${url}/tab/`);
    expect(tab.status).toBe(200);
    expect(await tab.text()).toContain('<div id="root">');

    // A printed change is what the simulated PBX now holds for that extension (or a later printed one).
    const [, pbx] = await output.waitFor(/simulated PBX: +(http:\/\/127\.0\.0\.1:\d+)/, 5_000);
    const [, extension] = await output.waitFor(/Teams -> PBX .* => {2}PBX (\d+) (available|busy|dnd|away|unavailable)/, 30_000);
    const printed = () => [...output.text.matchAll(new RegExp(`=> {2}PBX ${extension} (\\w+)`, 'g'))].map((m) => m[1]);
    const deadline = Date.now() + 10_000;
    let routing: string | undefined;
    do {
      routing = ((await (await fetch(`${pbx}/state/${extension}`)).json()) as { routing?: { state: string } }).routing?.state;
      if (routing !== undefined && routing === printed().at(-1)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(routing).toBe(printed().at(-1));
  }, 150_000);
});
