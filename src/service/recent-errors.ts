/**
 * The problems an admin should see, per tenant, newest first and bounded. The same problem repeated (same
 * part and code) keeps one entry with its latest time, so a storm of one error does not bury the others.
 */
import type { AdminError } from './admin/admin-service';
import { isCodedError } from '../coded-error';

const KEEP = 50;

/**
 * Turns an error from any part into what an admin reads. A coded error (every catalogue) gives its code, problem
 * and fix from its admin view; anything else is shown by its message alone, with no code or fix to invent.
 */
export function toAdminError(part: string, err: unknown, at: number): AdminError {
  if (!isCodedError(err)) return { at, part, code: undefined, message: err instanceof Error ? err.message : String(err), fix: undefined };
  const { code, message, fix, detail } = err.adminView();
  return { at, part, code, message, fix, ...(detail?.permission ? { permission: detail.permission } : {}) };
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
