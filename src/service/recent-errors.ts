/**
 * The problems an admin should see, per tenant, newest first and bounded. The same problem repeated (same
 * part and code) keeps one entry with its latest time, so a storm of one error does not bury the others.
 */
import type { AdminError } from './admin/admin-service';

const KEEP = 50;

/** Turns an error from any adapter into what an admin reads: its code and fix when it has them. */
export function toAdminError(part: string, err: unknown, at: number): AdminError {
  const e = err as { code?: unknown; aadsts?: unknown; graphCode?: unknown; fix?: unknown; message?: unknown; permission?: unknown };
  const code =
    typeof e.aadsts === 'number'
      ? `AADSTS${e.aadsts}`
      : typeof e.graphCode === 'string'
        ? e.graphCode
        : e.code === 'graph-permission'
          ? 'Authorization_RequestDenied'
          : typeof e.code === 'string'
            ? e.code
            : undefined;
  const fix = typeof e.fix === 'string' ? e.fix : undefined;
  let message = typeof e.message === 'string' ? e.message : String(err);
  // Adapter errors end their message with the fix; the admin views show the fix on its own line.
  if (fix && message.endsWith(` Fix: ${fix}`)) message = message.slice(0, -` Fix: ${fix}`.length);
  const permission = typeof e.permission === 'string' ? e.permission : undefined;
  return { at, part, code, message, fix, ...(permission ? { permission } : {}) };
}

export class RecentErrors {
  private readonly byTenant = new Map<string, AdminError[]>();

  add(tenantId: string, error: AdminError): void {
    const list = this.byTenant.get(tenantId) ?? [];
    const rest = list.filter((e) => !(e.part === error.part && e.code === error.code && e.message === error.message));
    rest.unshift(error);
    this.byTenant.set(tenantId, rest.slice(0, KEEP));
  }

  list(tenantId: string, since = 0): AdminError[] {
    return (this.byTenant.get(tenantId) ?? []).filter((e) => e.at >= since);
  }

}
