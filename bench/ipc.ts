/**
 * A small request/answer channel over Node's IPC (child_process.fork), so a benchmark process can drive the
 * simulators in a child process and measure its own memory alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root';

interface Request {
  id: number;
  op: string;
  args: unknown;
}
type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Handlers = Record<string, (args: never) => unknown>;

export interface Channel<H extends Handlers> {
  call<K extends keyof H & string>(op: K, args: Parameters<H[K]>[0]): Promise<Awaited<ReturnType<H[K]>>>;
  close(): Promise<void>;
}

/**
 * Starts a TypeScript file of bench/ as a child (through tsx) and returns a channel to its handlers.
 * BENCH_NODE_ARGS adds Node flags to the children, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses
 * --cpu-prof in NODE_OPTIONS). `nodeArgs` are this child's own flags (the service's heap limits, say).
 */
export function forkTs<H extends Handlers>(file: string, args: string[] = [], nodeArgs: string[] = []): Channel<H> {
  return forkChild(join(PROJECT_ROOT, 'bench', file), args, ['--import', 'tsx', ...nodeArgs]);
}

/** Starts a bundled JavaScript file as a child on plain Node, as `npm start` runs the service. */
export function forkBundle<H extends Handlers>(path: string, nodeArgs: string[] = []): Channel<H> {
  return forkChild(path, [], nodeArgs);
}

function forkChild<H extends Handlers>(path: string, args: string[], nodeArgs: string[]): Channel<H> {
  const file = basename(path);
  const execArgv = [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...nodeArgs];
  const child: ChildProcess = fork(path, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (raw) => {
    const answer = raw as Answer;
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    if (answer.ok) w.resolve(answer.result);
    else w.reject(new Error(answer.error));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`${file} exited (${code}) before answering`));
    waiting.clear();
  });
  return {
    call(op, callArgs) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, op, args: callArgs } satisfies Request);
      });
    },
    /** Lets the child exit by itself (so --cpu-prof can write its profile); SIGTERM if it has not within 30 s. */
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.disconnect();
      });
    },
  };
}

/** In the child: answer requests with `handlers` until the parent goes away. */
export function serve(handlers: Handlers): void {
  process.on('message', async (raw) => {
    const request = raw as Request;
    const handler = handlers[request.op] as ((args: unknown) => unknown) | undefined;
    try {
      if (!handler) throw new Error(`unknown operation ${request.op}`);
      const result = await handler(request.args);
      process.send!({ id: request.id, ok: true, result: result ?? null } satisfies Answer);
    } catch (err) {
      process.send!({ id: request.id, ok: false, error: (err as Error).stack ?? String(err) } satisfies Answer);
    }
  });
  process.on('disconnect', () => process.exit(0));
}
