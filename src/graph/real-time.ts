/**
 * The real clock, sleep and scheduler. Everything time-driven in src/graph takes these as parameters so
 * that tests can hand in fake time instead.
 */
import type { Clock, Scheduler } from '../sync/ports';

export type Sleep = (ms: number) => Promise<void>;

export const realClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(timer) };
  },
};
