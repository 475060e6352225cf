/**
 * The simulators' time: the leaf src/time (which imports nothing of the product), so a test hands the
 * product and the simulators the same fake time.
 */
export type { Clock, Scheduler, TimerHandle } from '../time/clock';
export { realClock as systemClock, realScheduler as systemScheduler, realSleep as pause } from '../time/real-time';
