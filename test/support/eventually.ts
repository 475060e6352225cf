/** Waiting on a condition with a deadline, never a fixed sleep: one helper for every suite that waits on real servers. */

/** Polls `check` until it returns a truthy value; fails naming `what` (and the last thing seen) after the deadline. */
type Falsy = undefined | null | false | 0 | '';

export async function eventually<T>(
  what: string,
  check: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
