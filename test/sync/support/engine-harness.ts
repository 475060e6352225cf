/** An engine wired to fakes, on fake time. */
import { createSyncEngine, type SyncEngineOptions, type WriteOutcomeInfo } from '../../../src/sync/engine';
import { parsePolicy, type SyncPolicy } from '../../../src/sync/decision/policy';
import { FakeTime } from './fake-time';
import { MemoryRepository, MemoryTrace, RecordingRouting, RecordingTeams } from './fake-writers';
import { T, teamsEvent } from './events';

export function policyOf(input: object): SyncPolicy {
  const r = parsePolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

export function harness(
  policy: SyncPolicy = policyOf({ debounceMs: 0 }),
  extra: Partial<SyncEngineOptions> = {},
  repository = new MemoryRepository(),
) {
  const time = new FakeTime();
  const routing = new RecordingRouting();
  const teams = new RecordingTeams();
  const trace = new MemoryTrace();
  const outcomes: WriteOutcomeInfo[] = [];
  const log: string[] = [];
  const origRouting = routing.setRouting.bind(routing);
  routing.setRouting = (a) => {
    log.push(`${a.userId} routing ${a.state}`);
    return origRouting(a);
  };
  const origTeams = teams.apply.bind(teams);
  teams.apply = (a) => {
    log.push(`${a.userId} ${a.kind}${'presence' in a ? ` ${a.presence.availability}/${a.presence.activity}` : ''}`);
    return origTeams(a);
  };
  let current = policy;
  const engine = createSyncEngine({
    clock: time,
    scheduler: time,
    policyFor: () => current,
    repository,
    routing,
    teams,
    trace,
    onOutcome: (info) => outcomes.push(info),
    ...extra,
  });
  return {
    engine,
    time,
    routing,
    teams,
    trace,
    repository,
    outcomes,
    log,
    setPolicy(p: SyncPolicy) {
      current = p;
    },
  };
}

/** Let promise callbacks run (writers resolve on the microtask queue). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** The users mapped and shown Busy at the PBX (written and stored); from then on routing writes wait until the test releases them. */
export async function usersShownBusy(
  users: readonly { userId: string; extension: string }[],
  policy: SyncPolicy,
  extra: Partial<SyncEngineOptions> = {},
) {
  const h = harness(policy, extra);
  h.engine.setMapping(T, users);
  for (const { userId } of users) h.engine.submit(teamsEvent('Busy/Busy', '1', 1000, userId));
  await h.engine.idle();
  h.routing.manual = true;
  h.routing.calls.length = 0;
  return h;
}
