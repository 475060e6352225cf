import { eventually as waitFor } from '../../support/eventually';

/** The browser suites wait longer and look less often: a page render is slower than a server answer. */
export function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  return waitFor(what, check, timeoutMs, 100);
}
