/**
 * How often the presence poller can sweep all users within the share of the tenant's budget the admin
 * allows: period = max(minimum, ceil(users / chunk) / (budget * share) * window).
 */

export const MAX_IDS_PER_PRESENCE_REQUEST = 650;

export interface SweepPeriodInput {
  users: number;
  /** Requests per window for the tenant (1500). */
  budgetLimit: number;
  /** The budget's window (30 s). */
  windowMs: number;
  /** Share of the budget polling may use (0 < share <= 1). */
  share: number;
  minPeriodMs: number;
  chunkSize?: number;
}

export function requestsPerSweep(users: number, chunkSize = MAX_IDS_PER_PRESENCE_REQUEST): number {
  return Math.ceil(users / chunkSize);
}

export function sweepPeriodMs(input: SweepPeriodInput): number {
  const requests = requestsPerSweep(input.users, input.chunkSize);
  const allowedPerWindow = input.budgetLimit * input.share;
  return Math.max(input.minPeriodMs, Math.ceil((requests / allowedPerWindow) * input.windowMs));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
