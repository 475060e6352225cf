/** Keeps a bearer token until shortly before it expires, so every API call does not ask the host again. */
const EARLY_MS = 60_000;

function payloadOf(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return undefined; // not a JWT we can read
  }
}

export function expiryOf(token: string): number | undefined {
  const exp = payloadOf(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

export type TokenGetter = (options?: { fresh?: boolean }) => Promise<string>;

export function cachedToken(fetchToken: () => Promise<string>, now: () => number = Date.now): TokenGetter {
  let current: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  return async (options) => {
    if (options?.fresh) current = undefined;
    if (current && now() < current.until) return current.token;
    pending ??= fetchToken()
      .then((token) => {
        const exp = expiryOf(token);
        current = exp ? { token, until: exp - EARLY_MS } : undefined;
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** The tenant and user a token is for, read without checking it (the service checks; this is for display). */
export function claimsOf(token: string): { tid?: string; upn?: string; name?: string } {
  const json = payloadOf(token) ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { tid: str(json.tid), upn: str(json.upn) ?? str(json.preferred_username), name: str(json.name) };
}
