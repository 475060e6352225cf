/**
 * The real clock, sleep and scheduler: the production defaults of the Clock and Scheduler types
 * (clock.ts) and of every injected `sleep`. Everything time-driven takes these as parameters so
 * that tests can hand in fake time instead.
 */
import type { Clock, Scheduler } from './clock';

export type Sleep = (ms: number) => Promise<void>;

export const realClock: Clock = { now: () => Date.now() };

/** Not unref'd: whoever awaits the sleep is still at work, so the process must wait for it. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Timers are unref'd: a pending retry, refresh or reconnect must not keep a finished process alive. */
export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
