/** Polls `check` until it returns true; fails with `what` and the last observed value otherwise. */
export async function waitFor(what: string, check: () => boolean, observed: () => unknown = () => undefined, limitMs = 10000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}; last seen: ${JSON.stringify(observed())}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
