/**
 * The simulators' time. The shapes are the product's Clock and Scheduler (so a test hands both sides the same
 * fake time) but declared here: src/sim depends on nothing of the product.
 */
export interface Clock {
  now(): number;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Run `fn` after `ms` milliseconds of the scheduler's time. */
  after(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Timers are unref'd: a running presence script must not keep a finished process alive. */
export const systemScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
