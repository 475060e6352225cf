/**
 * Random presence changes at a given rate, as if people were using their Teams clients: for the demo and for
 * load. Driven by a Scheduler so tests can run it on fake time; seeded so a run can be repeated.
 */
import { systemScheduler, type Scheduler, type TimerHandle } from '../sim-clock';
import type { Activity, Availability } from './presence-vocabulary';
import { seededRandom } from '../seeded-random';

/** Client states with rough weights from an office day. */
export const CLIENT_STATES: readonly { availability: Availability; activity: Activity; weight: number }[] = [
  { availability: 'Available', activity: 'Available', weight: 40 },
  { availability: 'Busy', activity: 'InAMeeting', weight: 15 },
  { availability: 'Busy', activity: 'InACall', weight: 10 },
  { availability: 'Away', activity: 'Away', weight: 12 },
  { availability: 'BeRightBack', activity: 'BeRightBack', weight: 5 },
  { availability: 'DoNotDisturb', activity: 'Presenting', weight: 5 },
  { availability: 'Offline', activity: 'Offline', weight: 13 },
];

export interface PresenceScriptOptions {
  changesPerSecond: number;
  seed?: number;
  /** Defaults to real timers. */
  scheduler?: Scheduler;
}

export interface PresenceScriptTarget {
  randomUserId(random: () => number): string | undefined;
  setUserPresence(userId: string, availability: Availability, activity: Activity): void;
}

export interface RunningScript {
  readonly changes: number;
  stop(): void;
}

export function startPresenceScript(target: PresenceScriptTarget, options: PresenceScriptOptions): RunningScript {
  if (!(options.changesPerSecond > 0)) throw new RangeError('changesPerSecond must be a positive number.');
  const random = seededRandom(options.seed ?? 1);
  const scheduler = options.scheduler ?? systemScheduler;
  // Ticks of at least 50 ms, each applying as many changes as the rate asks for.
  const tickMs = Math.max(50, 1000 / options.changesPerSecond);
  const perTick = (options.changesPerSecond * tickMs) / 1000;
  const totalWeight = CLIENT_STATES.reduce((sum, s) => sum + s.weight, 0);
  let owed = 0;
  let changes = 0;
  let handle: TimerHandle | undefined;
  let stopped = false;

  const pickState = () => {
    let r = random() * totalWeight;
    for (const state of CLIENT_STATES) {
      r -= state.weight;
      if (r < 0) return state;
    }
    return CLIENT_STATES[0];
  };
  const tick = () => {
    if (stopped) return;
    owed += perTick;
    for (; owed >= 1; owed -= 1) {
      const userId = target.randomUserId(random);
      if (!userId) continue;
      const state = pickState();
      target.setUserPresence(userId, state.availability, state.activity);
      changes += 1;
    }
    handle = scheduler.after(tickMs, tick);
  };
  handle = scheduler.after(tickMs, tick);
  return {
    get changes() {
      return changes;
    },
    stop() {
      stopped = true;
      handle?.cancel();
    },
  };
}
