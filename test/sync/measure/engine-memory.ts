/**
 * Heap the engine keeps per user: 100,000 mapped users; with one routing write waiting per user (a burst of
 * events); after one Teams event and one line event each, all writes done, then GC; and what a rule change
 * for every user adds (paced: a few thousand writes wait at a time). Run: npx tsx --expose-gc test/sync/measure/engine-memory.ts [users]
 */
import { createSyncEngine } from '../../../src/sync/engine';
import { parsePolicy } from '../../../src/sync/decision/policy';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc: npx tsx --expose-gc test/sync/measure/engine-memory.ts');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const users = Number(process.argv[2] ?? 100_000);
  const policyOf = (input: object) => {
    const parsed = parsePolicy(input);
    if (!parsed.ok) throw new Error('policy');
    return parsed.policy;
  };
  let policy = policyOf({ debounceMs: 0 });
  const ok = { ok: true, detail: 'ok' };
  let now = 1_700_000_000_000;
  const engine = createSyncEngine({
    clock: { now: () => now },
    scheduler: { after: () => ({ cancel() {} }) },
    policyFor: () => policy,
    repository: { loadAll: async () => [], save: async () => {}, loadTenantPause: async () => undefined, savePause: async () => {} },
    routing: { setRouting: async () => ok },
    teams: { apply: async () => ok },
    trace: { record() {} },
  });
  const tenantId = 'tenant-a';
  // The mapping input is what the identity side keeps anyway: built before the baseline.
  const entries = Array.from({ length: users }, (_, i) => ({
    userId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    extension: String(100000 + i),
  }));
  const base = heap();
  engine.setMapping(tenantId, entries);
  const mapped = heap();
  for (const { userId } of entries) {
    engine.submit({
      kind: 'teamsPresence',
      tenantId,
      userId,
      presence: { availability: 'Busy', activity: 'InAMeeting' },
      version: '0001',
      at: now,
      source: 'poll',
    });
  }
  // Every user now has a routing write waiting, with its trace entry (the writes start once this yields).
  const pending = heap();
  await engine.idle();
  now += 1000;
  for (const { extension } of entries) engine.submitLineReport(tenantId, { extension, state: 'onCall', at: now });
  await engine.idle();
  const after = heap();
  // A rule change that gives every user a routing write: re-evaluated in turn, so only a few thousand wait.
  policy = policyOf({ preset: 'procall', debounceMs: 0 }); // Busy/InAMeeting sets nothing there: our busy is released
  engine.reevaluate(tenantId);
  const ruleChange = heap();
  await engine.idle();
  const per = (b: number) => `${Math.round(b / users)} B/user`;
  console.log(
    `users ${users}: mapping ${per(mapped - base)}, with a write waiting each ${per(pending - base)}, ` +
      `after one Teams + one line event each ${per(after - base)} (${((after - base) / 1e6).toFixed(1)} MB), ` +
      `right after a rule change for everyone ${((ruleChange - after) / 1e6).toFixed(1)} MB more`,
  );
  if (engine.stats().users !== users) throw new Error('users missing');
  if (!engine.snapshot(tenantId).every((st) => st.routingSent?.state === 'available'))
    throw new Error('the rule change did not reach every user');
}

void main();
