/**
 * Time as a parameter: what everything time-driven (the core, adapters, alerts, the simulators) is given
 * instead of reading the system clock, so that tests can hand in fake time. The real ones are in real-time.ts.
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
