/**
 * What the alerts read about a tenant: the part of the admin service's TenantStatus
 * (src/service/admin/admin-service.ts) their conditions judge. The alerts own this port, so the domain does not
 * import the floor above it; the service's TenantStatus fits it as it is.
 */
export interface HealthPart {
  status: 'ok' | 'degraded' | 'down' | 'starting' | 'off';
  detail?: string;
}

/** A problem as the admin sees it: the part, the code from Entra/Graph/the PBX, and the fix. */
export interface HealthError {
  at: number;
  part: string;
  code?: string;
  message: string;
  fix?: string;
  permission?: string;
}

export interface TenantHealth {
  /** token, consent, graph, polling, writer, connector, directory */
  parts: Record<string, HealthPart>;
  errors: HealthError[];
  polling: { sweepPeriodMs: number; usersPolled: number; lastGoodSweepAt?: number };
  budget: { throttledTotal: number };
  counts: { conflicts: number; pausedUsers: number };
  credential: { kind: 'secret' | 'certificate' | 'none'; expiresAt?: number; daysLeft?: number };
  paused?: { by: string; at: number };
  longestUserPause?: { userId: string; by: string; at: number };
  directory: { lastRefreshAt?: number };
  /** The tenant's app-registration pool, when it has more than one (issue 12.1). */
  appRegistrations?: AppRegistrationHealth[];
}

/** One registration of the pool as the alerts judge it. */
export interface AppRegistrationHealth {
  id: string;
  label: string;
  clientId: string;
  primary: boolean;
  health: 'ok' | 'throttled' | 'failing' | 'unchecked';
  problem?: { code?: string; message: string; fix?: string };
}

/** Where the alert engine reads the tenants and their health (the admin service). */
export interface TenantHealthSource {
  tenantIds(): string[];
  status(tenantId: string): Promise<TenantHealth>;
}
