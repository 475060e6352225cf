/** Waiting on a condition with a deadline, never a fixed sleep. */
export { eventually } from '../../support/eventually';

/**
 * Proves that something does NOT happen: `settled` must stay true while the service does at least
 * `rounds` full polling sweeps (counted by the caller's `sweeps()`), so "nothing changed" is not just "too early".
 */
export async function staysTrueFor(
  what: string,
  settled: () => boolean | Promise<boolean>,
  sweeps: () => number,
  rounds = 3,
  timeoutMs = 10_000,
): Promise<void> {
  const target = sweeps() + rounds;
  const deadline = Date.now() + timeoutMs;
  while (sweeps() < target) {
    if (!(await settled())) throw new Error(`expected ${what} to hold, but it changed`);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${rounds} polling sweeps while checking ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!(await settled())) throw new Error(`expected ${what} to hold, but it changed`);
}
