/**
 * The net runs in a process of its own (a real process, not a jest sandbox, whose `process` events are not the
 * real ones): a handler that fails outside restify's promise gets a 500 for its request and the process keeps
 * serving; an error that is no request's still ends the process, printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
let child: ChildProcess;
let output = '';
let url: string;
let exited: Promise<number | null>;

beforeAll(async () => {
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  child = spawn(join(ROOT, 'node_modules', '.bin', 'node'), [tsx, join(__dirname, 'support', 'failing-routes-server.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 300 && !/listening on (\S+)/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const match = /listening on (\S+)/.exec(output);
  if (!match) throw new Error(`the server did not start; its output:\n${output}`);
  url = match[1];
}, 40_000);

afterAll(() => {
  if (child.exitCode === null) child.kill();
});

test.each(['/emitter-error', '/timer-throw', '/floating-rejection', '/async-throw'])(
  '%s is answered with 500 for that request, without internals, and the process serves on',
  async (path) => {
    const answer = await fetch(`${url}${path}`);
    expect(answer.status).toBe(500);
    const body = (await answer.json()) as { error: string; message: string };
    expect(body.error).toBe('internal');
    expect(body.message).toContain('request id');
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect((await fetch(`${url}/ok`)).status).toBe(200);
  },
);

test('an error after its request was answered is no request failure: the process ends and prints it', async () => {
  expect((await fetch(`${url}/fail-after-answer`)).status).toBe(200);
  expect(await exited).toBe(1);
  expect(output).toContain('a bug after the answer');
});
