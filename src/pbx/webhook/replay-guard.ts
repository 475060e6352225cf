/**
 * Remembers the signatures of accepted requests for as long as their timestamp could still pass the freshness
 * check; a second request with the same signature inside that time is a replay. Bounded by the window: entries
 * are dropped once their timestamp is outside it.
 *
 * The service keeps them in its store (a ledger), so a replay is refused after a restart and by another
 * replica too; the in-memory guard serves tests and a connector used without a store.
 */
export interface ReplayGuard {
  /** true the first time a signature is seen inside the window; false for a replay. */
  admit(signature: string, timestampSeconds: number, nowMs: number): boolean | Promise<boolean>;
}

/** One tenant's signatures where they outlive the process (the store's webhook_replays). */
export interface ReplayLedger {
  /** true the first time (remembered until `expiresAtMs`); false while it is remembered. Atomic. */
  admit(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Forget the signatures whose window is over. */
  prune(nowMs: number): Promise<number>;
}

/** How often the ledger is swept of expired signatures (a sweep is one indexed DELETE). */
export const LEDGER_PRUNE_EVERY_MS = 60_000;

export function createReplayGuard(toleranceSeconds: number): ReplayGuard & { size(): number } {
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

export function createLedgerReplayGuard(ledger: ReplayLedger, toleranceSeconds: number): ReplayGuard {
  let lastPruneMs = -Infinity;
  return {
    async admit(signature, timestampSeconds, nowMs) {
      if (nowMs - lastPruneMs >= LEDGER_PRUNE_EVERY_MS) {
        lastPruneMs = nowMs;
        await ledger.prune(nowMs);
      }
      return ledger.admit(signature, (timestampSeconds + toleranceSeconds) * 1000, nowMs);
    },
  };
}
