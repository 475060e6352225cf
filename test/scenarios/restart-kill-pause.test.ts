/**
 * Issue 9: a change is confirmed only once it is durable. The service runs as a child process (demo mode, its
 * own data directory); an admin pauses the whole tenant over the admin API, and the process is killed with
 * SIGKILL the moment the answer arrives. Started again on the same data directory, the tenant and every one of
 * its users are paused, as the answer said.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually';

const ROOT = join(__dirname, '..', '..');
const USERS = 192;

interface Running {
  child: ChildProcess;
  url: string;
}

/** `presence-bridge demo` from the sources, on a free port, with the given data directory. */
async function startChild(dataDir: string): Promise<Running> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    PB_DATA_DIR: dataDir,
    PB_TENANT_ID: '',
    PB_DEMO_USERS: String(USERS),
    PB_DEMO_CHANGES_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'demo'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const match = await eventually(
    'the service to say where it runs',
    () => {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${output}`);
      return /PresenceBridge is running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    },
    90_000,
    50,
  );
  return { child, url: match[1] };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, signal);
  return exited;
}

async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/demo/token?role=admin`);
  return ((await res.json()) as { token: string }).token;
}

interface Status {
  paused?: { by: string; at: number };
  counts: { mapped: number; pausedUsers: number };
}

async function status(url: string, token: string): Promise<Status> {
  const res = await fetch(`${url}/api/admin/status`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`status answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Status;
}

interface UserRow {
  userId: string;
  extension?: string;
  paused?: { by: string; at: number };
}

async function users(url: string, token: string, status: string): Promise<UserRow[]> {
  const res = await fetch(`${url}/api/admin/users?status=${status}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`users answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { rows: UserRow[] }).rows;
}

describe('a whole-tenant pause, then kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-kill-pause-'));
  let running: Running | undefined;
  afterAll(async () => {
    if (running) await kill(running.child, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('is all there after a restart: the tenant and every user paused, as the answer said', async () => {
    running = await startChild(dataDir);
    let token = await adminToken(running.url);
    const before = await eventually(
      'the demo users mapped',
      async () => {
        const s = await status(running!.url, token);
        return s.counts.mapped > 0 && s;
      },
      60_000,
      100,
    );
    const mapped = before.counts.mapped;

    const answer = await fetch(`${running.url}/api/admin/pause`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    // The answer is in: nothing more may be needed to keep what it says.
    await kill(running.child, 'SIGKILL');
    running = undefined;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ users: mapped });

    running = await startChild(dataDir);
    token = await adminToken(running.url);
    const after = await eventually(
      'the restarted service with its mapping',
      async () => {
        const s = await status(running!.url, token);
        return s.counts.mapped === mapped && s;
      },
      60_000,
      100,
    );
    expect(after.counts.pausedUsers).toBe(mapped);
    expect(after.paused?.by).toBeTruthy();

    // The pause is the tenant's, not only its users': a user mapped after the restart is paused too.
    const [newcomer] = await users(running.url, token, 'unmatched');
    const [taken] = await users(running.url, token, 'matched');
    const put = await fetch(`${running.url}/api/admin/users/${newcomer.userId}/override`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ extension: taken.extension }),
    });
    expect(put.status).toBe(204);
    const [overridden] = await eventually('the newcomer mapped', async () => {
      const rows = await users(running!.url, token, 'overridden');
      return rows.length > 0 && rows;
    });
    expect(overridden).toMatchObject({ userId: newcomer.userId, paused: { by: after.paused?.by } });
  }, 240_000);
});
