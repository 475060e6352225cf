/**
 * The simulators are demo mode's alone: a production start (and `check`) never loads src/demo or src/sim. Each
 * case runs the real command line in a child process that records every file it loaded (support/
 * record-loaded-files.cjs); demo mode is the control that shows the recording sees them when they are loaded.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const RECORDER = join(__dirname, 'support', 'record-loaded-files.cjs');
// Nothing listens on port 9: a production tenant whose Microsoft and PBX cannot be reached still starts.
const UNREACHABLE = 'https://127.0.0.1:9';

let work: string;
beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'pb-demo-only-'))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function productionEnv(dataDir: string): Record<string, string> {
  return {
    PB_TENANT_ID: '11111111-1111-4111-8111-111111111111',
    PB_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
    PB_CLIENT_SECRET: 'not-a-real-client-secret',
    PB_SECRET_KEY: randomBytes(32).toString('base64'),
    PB_AUTHORITY_HOST: UNREACHABLE,
    PB_GRAPH_BASE_URL: UNREACHABLE,
    PB_PBX_CONNECTOR: 'webhook',
    PB_PBX_URL: `${UNREACHABLE}/routing`,
    PB_PBX_SECRET: 'a-shared-secret-long-enough',
    PB_DATA_DIR: dataDir,
  };
}

/** Runs `presence-bridge <command>` from the sources; `stopWhen`: SIGTERM once the output matches. Answers the project files it loaded. */
async function loadedFiles(command: string, env: Record<string, string>, stopWhen?: RegExp): Promise<string[]> {
  const out = join(work, `${command}-${randomBytes(4).toString('hex')}.json`);
  const child = spawn(process.execPath, ['--require', RECORDER, '--import', 'tsx', join(ROOT, 'src', 'cli.ts'), command], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      LOADED_FILES_OUT: out,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let stopped = false;
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
    // Once: a second SIGTERM would end the process before it stops (and records) by itself.
    if (!stopped && stopWhen?.test(text)) stopped = child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (stopWhen && !stopWhen.test(text)) throw new Error(`presence-bridge ${command} exited (${code}) before ${stopWhen}; output:\n${text}`);
  if (!existsSync(out)) throw new Error(`presence-bridge ${command} exited (${code}) without recording its files; output:\n${text}`);
  const files = JSON.parse(readFileSync(out, 'utf8')) as string[];
  return files.filter((f) => !f.includes('node_modules')).map((f) => relative(ROOT, f).split('\\').join('/'));
}

const simulatorFiles = (files: string[]) => files.filter((f) => f.startsWith('src/sim/') || f.startsWith('src/demo/'));

test('a production start loads the service but nothing of src/demo or src/sim', async () => {
  const files = await loadedFiles('start', productionEnv(join(work, 'start')), /PresenceBridge is running on .* \(tenant mode/);
  expect(files).toContain('src/main.ts');
  expect(simulatorFiles(files)).toEqual([]);
}, 120_000);

test('check in production loads nothing of src/demo or src/sim', async () => {
  const files = await loadedFiles('check', productionEnv(join(work, 'check')));
  expect(files).toContain('src/commands/check.ts');
  expect(simulatorFiles(files)).toEqual([]);
}, 120_000);

test('demo mode loads them (so the recording above would see them)', async () => {
  const files = await loadedFiles('check', { PB_DATA_DIR: join(work, 'demo') });
  expect(simulatorFiles(files)).toEqual(
    expect.arrayContaining(['src/demo/demo-environment.ts', 'src/sim/graph/index.ts', 'src/sim/pbx/pbx-simulator.ts']),
  );
}, 120_000);
