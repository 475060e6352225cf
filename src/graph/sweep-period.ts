/**
 * How often the presence poller can sweep all users within the share of the tenant's budget the admin
 * allows. The poller spreads its requests evenly, one every `pollSpacingMs`, so a sweep of n requests
 * takes n spacings: period = max(minimum, ceil(users / chunk) x (window + margin) / floor(budget x share)).
 */

export const MAX_IDS_PER_PRESENCE_REQUEST = 650;

export interface PollPaceInput {
  /** Requests per window for the tenant (1500). */
  budgetLimit: number;
  /** The budget's window (30 s). */
  windowMs: number;
  /** Share of the budget polling may use (0 < share <= 1). */
  share: number;
  /**
   * Widens the window the share is counted in, so that delays between sending and Graph counting a request
   * cannot squeeze one too many into Graph's window (default 0).
   */
  safetyMarginMs?: number;
}

export interface SweepPeriodInput extends PollPaceInput {
  users: number;
  minPeriodMs: number;
  chunkSize?: number;
}

export function requestsPerSweep(users: number, chunkSize = MAX_IDS_PER_PRESENCE_REQUEST): number {
  return Math.ceil(users / chunkSize);
}

/** Poll requests allowed in one window: the share of the budget, whole requests, at least one. */
export function pollRequestsPerWindow(input: PollPaceInput): number {
  return Math.max(1, Math.floor(input.budgetLimit * input.share));
}

/** Time between two poll requests when they are spread evenly over the (widened) window. */
export function pollSpacingMs(input: PollPaceInput): number {
  return (input.windowMs + (input.safetyMarginMs ?? 0)) / pollRequestsPerWindow(input);
}

export function sweepPeriodMs(input: SweepPeriodInput): number {
  const requests = requestsPerSweep(input.users, input.chunkSize);
  return Math.max(input.minPeriodMs, Math.ceil(requests * pollSpacingMs(input)));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
