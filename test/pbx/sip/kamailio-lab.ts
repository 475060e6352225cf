/**
 * Jest helper: the lab Kamailio of test/pbx/kamailio for one suite, on free loopback ports.
 * `describeWithKamailio` skips the suite, loudly, only when the kamailio binary is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeTcpPort, freeUdpPort } from '../../support/free-ports';
import { describeWithLab } from '../../support/lab-suite';

const run = promisify(execFile);
const labDir = path.resolve(__dirname, '../kamailio');

export function kamailioBinary(): string | undefined {
  const candidates = [process.env.KAMAILIO_BIN, '/usr/sbin/kamailio', '/usr/local/sbin/kamailio'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

export const sippBinary = () => ['/usr/bin/sipp', '/usr/local/bin/sipp'].find((c) => existsSync(c));

export function describeWithKamailio(name: string, body: () => void): void {
  describeWithLab(
    name,
    kamailioBinary() && sippBinary() ? undefined : 'kamailio or sipp is not installed',
    'apt-get install -y --no-install-recommends kamailio kamailio-presence-modules kamailio-sqlite-modules kamailio-utils-modules sip-tester',
    body,
  );
}

export interface KamailioLab {
  /** SIP over UDP (the phones, and the connector over UDP). */
  readonly sipPort: number;
  /** SIP over TCP (the connector over TCP). */
  readonly sipTcpPort: number;
  readonly rpcPort: number;
  readonly rpcUrl: string;
  readonly dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** JSON-RPC call; parameters must be strings (pbx.md gotcha 3). */
  rpc(method: string, params?: string[]): Promise<unknown>;
  /** Stop and remove the working directory. */
  dispose(): Promise<void>;
  log(): Promise<string>;
}

export async function createKamailioLab(): Promise<KamailioLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'presence-bridge-kamailio-'));
  const sipPort = await freeUdpPort();
  const sipTcpPort = await freeTcpPort();
  let rpcPort = await freeTcpPort();
  while (rpcPort === sipTcpPort) rpcPort = await freeTcpPort();
  const rpcUrl = `http://127.0.0.1:${rpcPort}/RPC`;
  const env = { ...process.env, KAMAILIO_BIN: kamailioBinary() };
  let id = 1;
  const lab: KamailioLab = {
    sipPort,
    sipTcpPort,
    rpcPort,
    rpcUrl,
    dir,
    async start() {
      await run(path.join(labDir, 'start.sh'), [dir, String(sipPort), String(rpcPort), String(sipTcpPort)], { env });
    },
    async stop() {
      await run(path.join(labDir, 'stop.sh'), [dir], { env });
    },
    async rpc(method, params = []) {
      const response = await fetch(rpcUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method, params, id: id++ }) });
      return ((await response.json()) as { result?: unknown }).result;
    },
    async dispose() {
      await lab.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    async log() {
      const { readFile } = await import('node:fs/promises');
      return readFile(path.join(dir, 'kamailio.log'), 'utf8').catch(() => '');
    },
  };
  return lab;
}
