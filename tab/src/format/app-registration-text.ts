/** How one app registration of the pool reads on screen: health, consent, its use of Graph's budget, Retry-After. */
import type { AppRegistrationHealth, AppRegistrationView } from '../api/types';
import { countText, durationText } from './format';

/** Graph's documented presence budget per app registration and tenant, and what one registration carries well. */
export const GRAPH_PRESENCE_LIMIT_PER_30S = 1500;
export const USERS_PER_REGISTRATION = 15_000;

export const HEALTH_BADGE: Record<AppRegistrationHealth, { label: string; color: 'success' | 'warning' | 'danger' | 'informative' }> = {
  ok: { label: 'healthy', color: 'success' },
  throttled: { label: 'throttled', color: 'warning' },
  failing: { label: 'failing', color: 'danger' },
  unchecked: { label: 'not checked yet', color: 'informative' },
};

export function consentText(consent: AppRegistrationView['consent']): string {
  if (consent === 'granted') return 'Admin consent granted';
  if (consent === 'refused') return 'Admin consent refused';
  return 'Admin consent not recorded here';
}

/** The share of its own 30-second budget a registration used (0..1; 0 when it has no budget). */
export function useShare(use: AppRegistrationView['use']): number {
  return use.limitPer30s > 0 ? Math.min(1, Math.max(0, use.usedLast30s / use.limitPer30s)) : 0;
}

export function useText(use: AppRegistrationView['use']): string {
  return `${countText(use.usedLast30s)} of ${countText(use.limitPer30s)} requests in the last 30 s`;
}

/** "waits 12 s more (Retry-After)" while Graph asked it to wait; undefined once the time has passed. */
export function retryAfterText(until: number | undefined, now: number): string | undefined {
  if (until === undefined || until <= now) return undefined;
  return `Graph asked it to wait: ${durationText(until - now)} more (Retry-After)`;
}

/** The registration's problem in one sentence: Entra/Graph's code, what is wrong, and the fix. */
export function problemText(problem: AppRegistrationView['problem']): string | undefined {
  if (!problem) return undefined;
  return `${problem.code ? `${problem.code}: ` : ''}${problem.message}${problem.fix ? ` Fix: ${problem.fix}` : ''}`;
}

/** The last permission check in a few words: all granted, which are missing, or that it did not get that far. */
export function permissionsText(p: NonNullable<AppRegistrationView['permissions']>): string {
  if (p.ok) return 'all granted';
  if (p.missing.length > 0) return `missing ${p.missing.join(', ')}`;
  return 'it failed before the permissions could be read (no token?); run Check permissions to see why';
}

/** Why a tenant would add a registration, shown while it has only the primary one. */
export function whenToAddText(usersPolled: number | undefined): string {
  const now = usersPolled === undefined ? '' : ` It polls ${countText(usersPolled)} users now.`;
  return (
    `Microsoft Graph allows ${countText(GRAPH_PRESENCE_LIMIT_PER_30S)} presence requests per 30 seconds per app registration, ` +
    `so one registration carries about ${countText(USERS_PER_REGISTRATION)} users with presence fresh within seconds.${now} ` +
    'Add a registration when you sync more users than that, or when Status shows the Graph budget near its limit or throttled (429): ' +
    'polling and presence writes are then spread over all registrations, each within its own budget.'
  );
}
