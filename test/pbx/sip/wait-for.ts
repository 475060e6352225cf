/**
 * Polls `check` until it returns true; fails with `what` and the last observed value otherwise.
 * `refresh` (optional) runs before each check, for state that must be fetched.
 */
export async function waitFor(
  what: string,
  check: () => boolean,
  observed: () => unknown = () => undefined,
  limitMs = 10000,
  refresh?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    await refresh?.();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}; last seen: ${JSON.stringify(await observed())}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
