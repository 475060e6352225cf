/** An AdminService that records every call (with its tenant) and answers with small canned values. */
import type { AdminService, TenantSetup, TenantStatus, UserRow } from '../../../src/service/admin/admin-service';
import type { DirectoryRefreshResult, OverrideImportPlan } from '../../../src/identity';
import { presetPolicy } from '../../../src/sync/decision/presets';
import type { AppRegistrationView } from '../../../src/service/admin/app-registration-views';

export interface RecordedCall {
  method: keyof AdminService;
  tenantId: string;
  args: unknown[];
}

export type FakeAdminService = AdminService & {
  calls: RecordedCall[];
  /** Replace one method's behaviour for a test. */
  override<K extends keyof AdminService>(method: K, impl: AdminService[K]): void;
  /** Forget the calls and the overrides. */
  reset(): void;
};

export const ALICE: UserRow = {
  userId: 'user-alice',
  displayName: 'Alice',
  userPrincipalName: 'alice@contoso.example',
  extension: '1001',
  status: 'matched',
  matchedBy: 'upn',
};
/** The plain user the test tokens sign in as (oid-user), a user of the first tenant like Alice. */
export const PLAIN_USER: UserRow = {
  userId: 'oid-user',
  displayName: 'Uma User',
  userPrincipalName: 'user@contoso.example',
  extension: '1002',
  status: 'matched',
  matchedBy: 'upn',
};

export function refreshResult(tenantId: string): DirectoryRefreshResult {
  return {
    tenantId,
    at: 1,
    outcome: 'replaced',
    mapped: 1,
    summary: { directoryUsers: 2, pbxUsers: 2, matched: 1 } as DirectoryRefreshResult['summary'],
    match: { matched: [{ userId: 'user-alice' }] } as unknown as DirectoryRefreshResult['match'],
  };
}

function plan(tenantId: string): OverrideImportPlan {
  return {
    tenantId,
    mode: 'replace',
    preview: { add: [], change: [], remove: [], unchanged: 0, summary: { links: 0, exclusions: 0, total: 0 } },
    errors: [],
  };
}

function status(tenantId: string): TenantStatus {
  return {
    tenantId,
    displayName: 'Contoso',
    mode: 'demo',
    directions: { teamsToPbx: true, pbxToTeams: true },
    parts: { graph: { status: 'ok' } },
    counts: { mapped: 1, unmatchedTeams: 0, unmatchedPbx: 0, conflicts: 0, overridden: 0, excluded: 0, pausedUsers: 0 },
    polling: { sweepPeriodMs: 1000, usersPolled: 1 },
    budget: { limitPer30s: 1500, usedLast30s: 0, pollShare: 0.5, throttledTotal: 0 },
    latency: { history: [] },
    credential: { kind: 'secret' },
    directory: {},
    errors: [],
  };
}

const SETUP: TenantSetup = {
  appKind: 'demo',
  secrets: { clientSecret: true, certificate: false, pbxSecret: true },
  connector: { kind: 'webhook' },
  directions: { teamsToPbx: true, pbxToTeams: true },
};

function registrationView(id: string, label: string, clientId: string): AppRegistrationView {
  return {
    id,
    label,
    clientId,
    primary: false,
    credential: { kind: 'secret' },
    consent: 'unknown',
    health: 'unchecked',
    use: { limitPer30s: 1500, usedLast30s: 0, usersPolled: 0, writesLast30s: 0, throttledTotal: 0 },
  };
}

export function createFakeAdminService(tenants: string[]): FakeAdminService {
  const calls: RecordedCall[] = [];
  const base: AdminService = {
    tenantIds: () => tenants,
    appRegistrations: async () => [],
    addAppRegistration: async (_t, input) => registrationView('reg-1', input.label, input.clientId),
    changeAppRegistration: async (_t, id, change) => registrationView(id, change.label ?? 'Pool', '22222222-3333-4444-5555-666666666666'),
    removeAppRegistration: async () => undefined,
    checkAppRegistrationPermissions: async () => ({ ok: true, token: { ok: true }, permissions: [] }),
    appRegistrationConsentUrl: async () => 'https://login.example/consent',
    recordAppRegistrationConsent: async () => undefined,
    status: async (t) => status(t),
    users: async () => ({ total: 1, rows: [ALICE] }),
    // Alice and the plain user belong to the first tenant only: another tenant's admin does not find them.
    findUser: async (t, who) => (t === tenants[0] ? [ALICE, PLAIN_USER].filter((u) => u.userId === who) : []),
    setOverride: async () => undefined,
    clearOverride: async () => undefined,
    previewMappingImport: async (t) => plan(t),
    applyMappingImport: async (t) => plan(t),
    exportMapping: async () => 'userPrincipalName,extension\nalice@contoso.example,1001\n',
    previewPbxUserImport: async () => ({ users: [], errors: [], preview: { add: 0, change: 0, remove: 0, unchanged: 0 } }),
    applyPbxUserImport: async () => ({ users: [], errors: [], preview: { add: 0, change: 0, remove: 0, unchanged: 0 } }),
    refreshDirectory: async (t) => refreshResult(t),
    syncNow: async (t) => ({ refresh: refreshResult(t), sweep: { users: 1, changes: 0 } }),
    policy: () => presetPolicy('default'),
    presets: () => [{ name: 'default', description: 'The default', policy: presetPolicy('default') }],
    savePolicy: async (_t, json) => ({ ok: true, policy: json as ReturnType<typeof presetPolicy> }),
    dryRun: async () => ({ ok: true, changes: [] }),
    trace: async () => [],
    pause: async (_t, userId) => (userId ? 1 : 42),
    resume: async (_t, userId) => (userId ? 1 : 42),
    setup: async () => SETUP,
    changeSetup: async () => SETUP,
    checkPermissions: async () => ({ ok: true, token: { ok: true }, permissions: [] }),
    testConnector: async () => ({ ok: true, verdict: 'reachable', message: 'The PBX answered.' }),
    adminConsentUrl: (t, redirectUri, state) =>
      `https://login.microsoftonline.com/${t}/adminconsent?client_id=x&redirect_uri=${encodeURIComponent(redirectUri)}&state=${state}`,
    recordConsent: async () => undefined,
    setAlertChannel: async () => undefined,
    clearAlertChannel: async () => true,
    auditLog: async () => ({
      entries: [{ id: 1, at: 1, by: 'admin@contoso.example', action: 'rules.save', target: 'tenant', before: {}, after: {} }],
      retentionDays: 365,
    }),
    exportAuditLog: async () =>
      'at,by,action,target,before,after\n1970-01-01T00:00:00.001Z,admin@contoso.example,rules.save,tenant,{},{}\n',
  };
  const impls: Partial<Record<keyof AdminService, unknown>> = {};
  const fake = { calls } as FakeAdminService;
  for (const method of Object.keys(base) as Array<keyof AdminService>) {
    (fake as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (method !== 'tenantIds' && method !== 'presets') calls.push({ method, tenantId: args[0] as string, args: args.slice(1) });
      const impl = (impls[method] ?? base[method]) as (...a: unknown[]) => unknown;
      return impl(...args);
    };
  }
  fake.override = (method, impl) => {
    impls[method] = impl;
  };
  fake.reset = () => {
    calls.length = 0;
    for (const key of Object.keys(impls)) delete impls[key as keyof AdminService];
  };
  return fake;
}
