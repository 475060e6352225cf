/**
 * What a careful downstream does with fencing tokens (Kleppmann's fencing): remember the newest token seen for
 * a tenant and refuse any write that carries an older one, so that a replica that lost its lease (paused, cut
 * off, not yet told) cannot overwrite the writes of the replica that took over. A write without a token (one
 * replica, SQLite) is accepted as before. The simulators keep one ledger per tenant and count what they refused:
 * the tests and the benchmark read it to show that no stale write was applied.
 */
export interface FencingSnapshot {
  /** The newest token seen (undefined: no write carried one). */
  newest?: number;
  /** Writes with a token accepted (equal to or newer than the newest seen). */
  accepted: number;
  /** Writes refused for carrying a token older than the newest seen. */
  refusedStale: number;
  /** Every token seen, in the order they first appeared (a take-over shows as a new one). */
  tokens: number[];
}

export class FencingLedger {
  private newest: number | undefined;
  private accepted = 0;
  private refusedStale = 0;
  private readonly tokens: number[] = [];

  /** True when the write may be applied; false (counted) when its token is older than the newest seen. */
  admit(token: number | undefined): boolean {
    if (token === undefined) return true;
    if (this.newest !== undefined && token < this.newest) {
      this.refusedStale += 1;
      return false;
    }
    if (this.newest !== token) this.tokens.push(token);
    this.newest = token;
    this.accepted += 1;
    return true;
  }

  snapshot(): FencingSnapshot {
    return { newest: this.newest, accepted: this.accepted, refusedStale: this.refusedStale, tokens: [...this.tokens] };
  }
}

/** A fencing token as a header or body field carries it: a non-negative integer, else undefined. */
export function parseFencingToken(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
