/**
 * Saving and loading 100,000 sync states, SQLite (a file) against PostgreSQL (a schema of its own): the first
 * saveMany (inserts), a second one (every row updated), and loadAll, each the median of 3 runs on a fresh
 * database. Not a test. Run: npx tsx test/store/measure/sync-states-batch.ts [states]
 * (PostgreSQL from PB_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test.)
 */
import { openPostgresStore } from '../../../src/store/postgres-store';
import { openSqliteStore } from '../../../src/store/sqlite-store';
import type { SyncStateStore } from '../../../src/store/store';
import type { UserSyncState } from '../../../src/sync/types';
import { createTestSchema } from '../postgres-lab';
import { KEY, syncState, tempDir } from '../test-store';

interface Opened {
  syncStates: SyncStateStore;
  close(): Promise<void>;
}

const RUNS = 3;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(name: string, open: () => Promise<Opened>, states: UserSyncState[], moved: UserSyncState[]): Promise<void> {
  const runs = { insert: [] as number[], update: [] as number[], load: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const store = await open();
    runs.insert.push(await time(() => store.syncStates.saveMany(states)));
    runs.update.push(await time(() => store.syncStates.saveMany(moved)));
    let loaded = 0;
    runs.load.push(await time(async () => (loaded = (await store.syncStates.loadAll('tenant-a')).length)));
    if (loaded !== states.length) throw new Error(`${name} loaded ${loaded} states, not ${states.length}`);
    await store.close();
  }
  const ms = (values: number[]) => `${Math.round(median(values))} ms`.padStart(8);
  console.log(
    `${name.padEnd(10)} saveMany (new) ${ms(runs.insert)}   saveMany (all changed) ${ms(runs.update)}   loadAll ${ms(runs.load)}`,
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const states = Array.from({ length: count }, (_, i) =>
    syncState('tenant-a', `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, String(100_000 + i)),
  );
  const moved = states.map((s) => ({ ...s, routingSent: { state: 'dnd' as const, at: 99 } }));
  console.log(`${count} sync states, median of ${RUNS} fresh databases each`);

  await measure(
    'sqlite',
    async () => {
      const dir = tempDir();
      const store = openSqliteStore({ path: dir.dbFile, secretKey: KEY });
      return { syncStates: store.syncStates, close: async () => (await store.close(), dir.remove()) };
    },
    states,
    moved,
  );

  await measure(
    'postgres',
    async () => {
      const schema = await createTestSchema();
      const store = await openPostgresStore({ connectionString: schema.url, secretKey: KEY });
      return { syncStates: store.syncStates, close: async () => (await store.close(), await schema.drop()) };
    },
    states,
    moved,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
