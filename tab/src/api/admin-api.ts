/** The admin API of src/admin/README.md, one typed function per route. */
import type { HttpClient } from './http-types';
import type {
  AppRegistrationChange,
  AppRegistrationInput,
  AppRegistrationView,
  AuditEntry,
  ConnectionTest,
  DryRunChange,
  InputProblem,
  JobView,
  Me,
  OverrideImportPlan,
  PermissionReport,
  PresetView,
  SetupChange,
  SyncPolicy,
  TenantSetup,
  TenantStatus,
  TraceEntry,
  UserRow,
  UserStatus,
} from './types';

export interface UserPage {
  total: number;
  rows: UserRow[];
}

export interface UsersQuery {
  search?: string;
  status?: UserStatus;
  offset?: number;
  limit?: number;
}

const CSV = 'text/csv';
const enc = encodeURIComponent;

export function createAdminApi(http: HttpClient) {
  return {
    me: (signal?: AbortSignal) => http.json<Me>('/api/admin/me', { signal }),
    status: (signal?: AbortSignal) => http.json<TenantStatus>('/api/admin/status', { signal }),

    users: (q: UsersQuery, signal?: AbortSignal) => http.json<UserPage>('/api/admin/users', { query: { ...q }, signal }),
    trace: (userId: string, limit = 50) =>
      http.json<{ user: UserRow; trace: TraceEntry[] }>(`/api/admin/users/${enc(userId)}/trace`, { query: { limit } }),
    /** extension null: keep the user out of sync. */
    setOverride: (userId: string, extension: string | null) =>
      http.json<void>(`/api/admin/users/${enc(userId)}/override`, { method: 'PUT', json: { extension } }),
    clearOverride: (userId: string) => http.json<void>(`/api/admin/users/${enc(userId)}/override`, { method: 'DELETE' }),
    previewImport: (csv: string) =>
      http.json<OverrideImportPlan>('/api/admin/mapping/import/preview', { method: 'POST', text: { body: csv, contentType: CSV } }),
    applyImport: (csv: string) =>
      http.json<OverrideImportPlan>('/api/admin/mapping/import', { method: 'POST', text: { body: csv, contentType: CSV } }),
    exportMapping: () => http.text('/api/admin/mapping/export'),
    refreshDirectory: (acceptDrop = false) =>
      http.json<{ jobId: string }>('/api/admin/directory/refresh', { method: 'POST', json: { acceptDrop } }),
    job: (jobId: string) => http.json<JobView>(`/api/admin/jobs/${enc(jobId)}`),

    rules: () => http.json<{ policy: SyncPolicy; presets: PresetView[] }>('/api/admin/rules'),
    validateRules: (draft: SyncPolicy, signal?: AbortSignal) =>
      http.json<{ ok: boolean; errors?: InputProblem[] }>('/api/admin/rules/validate', { method: 'POST', json: draft, signal }),
    dryRun: (draft: SyncPolicy) =>
      http.json<{ ok: true; changes: DryRunChange[] }>('/api/admin/rules/dry-run', { method: 'POST', json: draft }),
    saveRules: (policy: SyncPolicy) => http.json<{ ok: true; policy: SyncPolicy }>('/api/admin/rules', { method: 'PUT', json: policy }),

    setup: () => http.json<TenantSetup>('/api/admin/setup'),
    changeSetup: (change: SetupChange) => http.json<TenantSetup>('/api/admin/setup', { method: 'PUT', json: change }),
    checkPermissions: () => http.json<PermissionReport>('/api/admin/setup/check-permissions', { method: 'POST' }),
    testConnector: () => http.json<ConnectionTest>('/api/admin/setup/test-connector', { method: 'POST' }),
    consentUrl: (redirectUri: string, state: string) =>
      http.json<{ url: string }>('/api/admin/setup/consent-url', { query: { redirectUri, state } }),
    consentResult: (result: { granted: boolean; error?: string; errorDescription?: string }) =>
      http.json<void>('/api/admin/setup/consent-result', { method: 'POST', json: result }),

    // The app-registration pool (issue 12.1); `primary` is the setup's own registration.
    appRegistrations: (signal?: AbortSignal) =>
      http.json<{ registrations: AppRegistrationView[] }>('/api/admin/app-registrations', { signal }),
    addAppRegistration: (input: AppRegistrationInput) =>
      http.json<AppRegistrationView>('/api/admin/app-registrations', { method: 'POST', json: input }),
    changeAppRegistration: (id: string, change: AppRegistrationChange) =>
      http.json<AppRegistrationView>(`/api/admin/app-registrations/${enc(id)}`, { method: 'PUT', json: change }),
    removeAppRegistration: (id: string) => http.json<void>(`/api/admin/app-registrations/${enc(id)}`, { method: 'DELETE' }),
    checkAppRegistration: (id: string) =>
      http.json<PermissionReport>(`/api/admin/app-registrations/${enc(id)}/check-permissions`, { method: 'POST' }),
    appRegistrationConsentUrl: (id: string, redirectUri: string, state: string) =>
      http.json<{ url: string }>(`/api/admin/app-registrations/${enc(id)}/consent-url`, { query: { redirectUri, state } }),
    appRegistrationConsentResult: (id: string, result: { granted: boolean; error?: string; errorDescription?: string }) =>
      http.json<void>(`/api/admin/app-registrations/${enc(id)}/consent-result`, { method: 'POST', json: result }),

    audit: (q: { limit?: number; beforeId?: number } = {}) =>
      http.json<{ entries: AuditEntry[]; retentionDays: number }>('/api/admin/audit', { query: { ...q } }),
    exportAudit: () => http.text('/api/admin/audit/export'),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
