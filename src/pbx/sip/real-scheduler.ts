/** The Scheduler and Clock of src/sync/ports.ts on real time. Timers never keep the process alive. */
import type { Clock, Scheduler } from '../../sync/ports';

export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export const realClock: Clock = { now: () => Date.now() };
