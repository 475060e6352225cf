/**
 * A PostgreSQL server for the store suites: the one at PB_TEST_DATABASE_URL, or the local 127.0.0.1:5432 that
 * CI starts. Each store opened for a test gets a schema of its own (pb_t_<random>), dropped when it closes,
 * so parallel jest workers never see each other's rows. `describeWithPostgres` skips the suite, loudly, only
 * when no server answers.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeWithLab } from '../support/lab-suite';

export const TEST_DATABASE_URL = process.env.PB_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

let answering: boolean | undefined;

/** Whether something accepts TCP connections at the server's address (asked once per worker, synchronously: describe() cannot wait). */
export function postgresAnswers(): boolean {
  if (answering === undefined) {
    const url = new URL(TEST_DATABASE_URL);
    const probe = `require('node:net').connect({ host: ${JSON.stringify(url.hostname || '127.0.0.1')}, port: ${Number(url.port || 5432)} })
      .on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1));`;
    answering = spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
  }
  return answering;
}

export function describeWithPostgres(name: string, body: () => void): void {
  const missing = postgresAnswers() ? undefined : `no PostgreSQL server answers at ${new URL(TEST_DATABASE_URL).host}`;
  describeWithLab(
    name,
    missing,
    'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set PB_TEST_DATABASE_URL)',
    body,
  );
}

export interface TestSchema {
  /** TEST_DATABASE_URL with search_path set to the schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  const name = `pb_t_${randomBytes(6).toString('hex')}`;
  await asAdmin((client) => client.query(`CREATE SCHEMA ${name}`));
  const drop = async () => {
    await asAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
  };
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { url: url.toString(), name, drop };
}

/** One statement (or a few) on a connection of its own, outside any store. */
export async function asAdmin<T>(work: (client: pg.Client) => Promise<T>, connectionString = TEST_DATABASE_URL): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
