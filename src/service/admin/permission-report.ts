/** A Graph permission check as the admin's PermissionReport (Setup's check and each pool registration's). */
import type { PermissionCheckResult } from '../../graph';
import type { PermissionReport } from './admin-service';

export function permissionReportOf(r: PermissionCheckResult): PermissionReport {
  return {
    ok: r.ok,
    token: r.token.ok
      ? { ok: true }
      : {
          ok: false,
          message: r.token.problem.message,
          code: r.token.problem.aadsts ? `AADSTS${r.token.problem.aadsts}` : r.token.problem.code,
          fix: r.token.problem.fix,
        },
    ...(r.grants
      ? {
          grants: {
            ok: r.grants.ok,
            source: r.grants.source,
            note: r.grants.note,
            message: r.grants.problem?.message,
            fix: r.grants.problem?.fix,
          },
        }
      : {}),
    permissions: r.permissions.map((p) => ({
      name: p.name,
      purpose: p.purpose,
      state: p.state,
      granted: p.granted,
      optional: p.optional,
      detail: p.detail,
      fix: p.fix,
    })),
  };
}
