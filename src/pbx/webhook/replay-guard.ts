/**
 * Remembers the signatures of accepted requests for as long as their timestamp could still pass the freshness
 * check; a second request with the same signature inside that time is a replay. Memory is bounded by the
 * window: entries are dropped once their timestamp is outside it.
 */
export interface ReplayGuard {
  /** true the first time a signature is seen inside the window; false for a replay. */
  admit(signature: string, timestampSeconds: number, nowMs: number): boolean;
  size(): number;
}

export function createReplayGuard(toleranceSeconds: number): ReplayGuard {
  const expiries = new Map<string, number>();
  let lastPruneMs = -Infinity;

  // A full sweep at most once a second keeps a busy PBX's requests from each paying for the whole map.
  function prune(nowMs: number): void {
    if (nowMs - lastPruneMs < 1000) return;
    lastPruneMs = nowMs;
    for (const [signature, expiresAtMs] of expiries) {
      if (expiresAtMs < nowMs) expiries.delete(signature);
    }
  }

  return {
    admit(signature, timestampSeconds, nowMs) {
      prune(nowMs);
      if (expiries.has(signature)) return false;
      expiries.set(signature, (timestampSeconds + toleranceSeconds) * 1000);
      return true;
    },
    size: () => expiries.size,
  };
}
