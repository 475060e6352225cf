/**
 * Waits for real loopback I/O to produce an observable result (a request reached the fake, an event was
 * reported). It polls the condition; it does not measure or assert time.
 */
export async function waitFor<T>(probe: () => T | undefined | false, what: string, limitMs = 3000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
