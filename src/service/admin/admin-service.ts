/**
 * The one place the admin tab's HTTP API and the admin bot ask the service about a tenant and change it.
 * Both edges are thin: they authenticate, validate input, and call this. Every call names its tenant, and
 * the caller must have checked that the signed-in admin belongs to that tenant.
 * Nothing here ever returns a secret: secrets are write-only ("set" / "not set").
 */
import type { DirectoryRefreshResult, OverrideImportPlan, PbxUserImport, RefreshProgress } from '../../identity';
import type { PolicyResult, SyncPolicy } from '../../sync/decision/policy';
import type { LineState, RoutingState, TeamsPresence } from '../../sync/states';
import type { TraceEntry } from '../../sync/types';
import type { DryRunChange } from '../../sync/decision/dry-run';
import type { ConnectionVerdict } from '../../pbx/connection-verdict';
import { CodedError } from '../../coded-error';
import type { AppRegistrationChange, AppRegistrationInput, AppRegistrationView } from './app-registration-views';

export type PartStatus = 'ok' | 'degraded' | 'down' | 'starting' | 'off';

export interface PartHealthView {
  status: PartStatus;
  /** One plain sentence, e.g. "sweep every 6.1 s over 99,005 users". */
  detail?: string;
}

/** A problem an admin should see, in plain language, with the code from Entra/Graph/the PBX and the fix. */
export interface AdminError {
  at: number;
  /** token, consent, graph, polling, writer, connector, directory, mapping */
  part: string;
  /** e.g. "AADSTS7000222", "Authorization_RequestDenied", "429" */
  code?: string;
  message: string;
  fix?: string;
  /** The Graph application permission a refused call needs (403), when known. */
  permission?: string;
}

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  count: number;
}

/** One point per minute for the last hour, per direction: what the Status chart draws. */
export interface LatencyPoint {
  at: number;
  teamsToPbx?: LatencySummary;
  pbxToTeams?: LatencySummary;
}

export interface TenantStatus {
  tenantId: string;
  displayName: string;
  mode: 'demo' | 'app';
  directions: { teamsToPbx: boolean; pbxToTeams: boolean };
  paused?: { by: string; at: number };
  /** The longest-running pause of a single user (whole-tenant pauses are `paused`). */
  longestUserPause?: { userId: string; by: string; at: number };
  /** token, consent, graph, polling, writer, connector, directory */
  parts: Record<string, PartHealthView>;
  counts: {
    mapped: number;
    unmatchedTeams: number;
    unmatchedPbx: number;
    conflicts: number;
    overridden: number;
    excluded: number;
    pausedUsers: number;
  };
  /** lastGoodSweepAt: start of the last sweep without a failure (errors older than it are the past). */
  polling: { sweepPeriodMs: number; usersPolled: number; lastSweepAt?: number; lastGoodSweepAt?: number };
  budget: { limitPer30s: number; usedLast30s: number; pollShare: number; throttledTotal: number };
  latency: { teamsToPbx?: LatencySummary; pbxToTeams?: LatencySummary; history: LatencyPoint[] };
  credential: { kind: 'secret' | 'certificate' | 'none'; expiresAt?: number; daysLeft?: number };
  /** Every app registration of the tenant's pool with its health and use (issue 12.1); the primary first. */
  appRegistrations?: AppRegistrationView[];
  directory: { lastRefreshAt?: number; ageMs?: number; lastOutcome?: DirectoryRefreshResult['outcome'] };
  errors: AdminError[];
  /** Replicas sharing PostgreSQL: the replica running the tenant (absent on SQLite, or while it moves). */
  replica?: string;
}

export type UserStatus = 'matched' | 'unmatched' | 'conflict' | 'overridden' | 'excluded';

export interface UserRow {
  userId: string;
  displayName?: string;
  userPrincipalName?: string;
  mail?: string;
  extension?: string;
  status: UserStatus;
  matchedBy?: string;
  teams?: TeamsPresence;
  line?: LineState;
  routing?: RoutingState;
  paused?: { by: string; at: number };
}

export interface UserQuery {
  search?: string;
  status?: UserStatus;
  offset?: number;
  /** At most 500. */
  limit?: number;
}

/** What the admin may set up; secrets only go in. */
export interface TenantSetup {
  /** "multiTenant": our app, consented by the admin; "ownApp": the customer's own app registration. */
  appKind: 'multiTenant' | 'ownApp' | 'demo';
  clientId?: string;
  /** What is set, never the values. */
  secrets: { clientSecret: boolean; certificate: boolean; pbxSecret: boolean };
  connector: { kind: string; url?: string; usersUrl?: string; username?: string };
  directions: { teamsToPbx: boolean; pbxToTeams: boolean };
}

export interface SetupChange {
  appKind?: 'multiTenant' | 'ownApp';
  clientId?: string;
  clientSecret?: string;
  /**
   * When the client secret expires (ms since epoch): Graph does not tell an app its own secret's expiry.
   * null: not known (clears the stored date). A new secret without a date clears it too: the old date was the old secret's.
   */
  clientSecretExpiresAt?: number | null;
  certificatePem?: string;
  privateKeyPem?: string;
  connector?: { kind: string; url?: string; usersUrl?: string; username?: string; password?: string; secret?: string };
  directions?: { teamsToPbx?: boolean; pbxToTeams?: boolean };
}

export interface PermissionReport {
  ok: boolean;
  token: { ok: boolean; message?: string; code?: string; fix?: string };
  /** Where the list below came from: Graph's list of grants, or probes (`note` says so calmly); `ok` false with why when listing failed otherwise. */
  grants?: { ok: boolean; source?: 'listing' | 'probes'; note?: string; message?: string; fix?: string };
  /** `state` unverified: no harmless call shows it (`detail` says why); `optional`: missing does not fail the check. */
  permissions: Array<{
    name: string;
    purpose: string;
    state: 'granted' | 'missing' | 'unverified';
    granted: boolean;
    optional?: boolean;
    detail?: string;
    fix?: string;
  }>;
}

export interface ConnectionTest {
  ok: boolean;
  /** What the test found (src/pbx/connection-verdict.ts); `status` when the PBX answered with one. */
  verdict: ConnectionVerdict;
  status?: number;
  /** Our own words for the verdict, never the text the PBX answered with. */
  message: string;
}

/** Every kind of admin change the audit log records. */
export const AUDIT_ACTIONS = [
  'setup.change',
  'consent.record',
  'rules.save',
  'override.set',
  'override.clear',
  'mapping.import',
  'pbxUsers.import',
  'sync.pause',
  'sync.resume',
  'alertChannel.set',
  'alertChannel.clear',
  'directory.acceptDrop',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One admin change: who, when, what, before and after. A changed secret shows as "changed", never its value. */
export interface AuditEntry {
  id: number;
  at: number;
  by: string;
  action: AuditAction;
  /** A user id, or "tenant" for a change of the whole tenant. */
  target?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  /** At most 500; default 100. */
  limit?: number;
  /** Page back: entries older than this entry id. */
  beforeId?: number;
}

/** Where the bot posts a tenant's alerts: the bot's own conversation reference, and the channel's name. */
export interface AlertChannelChoice {
  reference: Record<string, unknown>;
  name?: string;
}

/** A field-level problem with an admin's input: what the edges answer with a 400. */
export interface InputProblem {
  path: string;
  message: string;
}

export class AdminInputError extends CodedError {
  readonly code = 'badInput';
  constructor(readonly problems: InputProblem[]) {
    super(
      problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
      'correct each field named in the problems, then send it again; nothing was changed.',
    );
  }
}

export class UnknownTenantError extends CodedError {
  readonly code = 'tenantNotSetUp';
  constructor(tenantId: string) {
    super(
      `Tenant ${tenantId} is not set up in PresenceBridge.`,
      'open the PresenceBridge tab as an admin of that tenant and complete Setup.',
      { fixInMessage: ' Fix: ' },
    );
  }
}

/** No registration with that id in the tenant's pool. */
export class UnknownAppRegistrationError extends CodedError {
  readonly code = 'unknownAppRegistration';
  constructor(id: string) {
    super(
      `The tenant has no app registration "${id}".`,
      'list the registrations (GET /api/admin/app-registrations) and use one of their ids.',
      {
        fixInMessage: ' Fix: ',
      },
    );
  }
}

/** A registration's own permission check could not get a token: Entra's problem, kept as the registration's health. */
export class AppRegistrationTokenError extends CodedError {
  readonly code: string;
  constructor(problem: { code: string; message: string; fix?: string; aadsts?: number }) {
    super(problem.message, problem.fix ?? 'check the client id and its secret or certificate, then check again.');
    // The code an admin looks up, as the polling path shows it (e.g. AADSTS7000215 for a wrong secret).
    this.code = problem.aadsts === undefined ? problem.code : `AADSTS${problem.aadsts}`;
  }
}

/** The primary registration is the tenant's Setup: it cannot be removed from the pool. */
export class PrimaryAppRegistrationError extends CodedError {
  readonly code = 'primaryAppRegistration';
  constructor(what: string) {
    super(`The primary app registration cannot be ${what} here: it is the tenant's own Setup.`, 'change it in Setup instead.', {
      fixInMessage: ' Fix: ',
    });
  }
}

/** The app-registration pool of a tenant (issue 12.1); HTTP routes in app-registration-views.ts. Secrets only go in. */
export interface AppRegistrationAdmin {
  /** The primary first, then the added ones, oldest first. */
  appRegistrations(tenantId: string): Promise<AppRegistrationView[]>;
  /** Validates, seals the credential, restarts the tenant's sync with the new pool. */
  addAppRegistration(tenantId: string, input: AppRegistrationInput, by: string): Promise<AppRegistrationView>;
  changeAppRegistration(tenantId: string, id: string, change: AppRegistrationChange, by: string): Promise<AppRegistrationView>;
  /** The primary cannot be removed (PrimaryAppRegistrationError). */
  removeAppRegistration(tenantId: string, id: string, by: string): Promise<void>;
  /** That registration's own token and grants. */
  checkAppRegistrationPermissions(tenantId: string, id: string): Promise<PermissionReport>;
  appRegistrationConsentUrl(tenantId: string, id: string, redirectUri: string, state: string): Promise<string>;
  recordAppRegistrationConsent(
    tenantId: string,
    id: string,
    result: { granted: boolean; error?: string; errorDescription?: string },
    by: string,
  ): Promise<void>;
}

export interface AdminService extends AppRegistrationAdmin {
  /** Tenants this deployment serves. */
  tenantIds(): string[];
  status(tenantId: string): Promise<TenantStatus>;

  users(tenantId: string, query: UserQuery): Promise<{ total: number; rows: UserRow[] }>;
  /** By user principal name, e-mail, extension, Entra id, or a unique part of the display name. */
  findUser(tenantId: string, who: string): Promise<UserRow[]>;
  /** Link a user to an extension, or exclude them (extension null). */
  setOverride(tenantId: string, userId: string, extension: string | null, by: string): Promise<void>;
  clearOverride(tenantId: string, userId: string, by: string): Promise<void>;
  previewMappingImport(tenantId: string, csv: string): Promise<OverrideImportPlan>;
  /** All or nothing: throws AdminInputError with the row errors when any row is wrong. */
  applyMappingImport(tenantId: string, csv: string, by: string): Promise<OverrideImportPlan>;
  exportMapping(tenantId: string): Promise<string>;
  /** For PBXes that cannot list their users: the extension list as CSV (extension,email,phoneNumber,displayName,username). */
  previewPbxUserImport(tenantId: string, csv: string): Promise<PbxUserImport>;
  /** All or nothing, like the mapping import; the mapping is recomputed from the new list. */
  applyPbxUserImport(tenantId: string, csv: string, by: string): Promise<PbxUserImport>;
  /** `acceptDrop` overrides the guard against a refresh that drops many mapped users: `by` names who decided it. */
  refreshDirectory(
    tenantId: string,
    options?: { acceptDrop?: boolean; by?: string; onProgress?(p: RefreshProgress): void },
  ): Promise<DirectoryRefreshResult>;
  /** Directory refresh, then a full presence sweep. */
  syncNow(
    tenantId: string,
    onProgress?: (p: { phase: string; detail?: string }) => void,
  ): Promise<{ refresh: DirectoryRefreshResult; sweep: { users: number; changes: number } }>;

  policy(tenantId: string): SyncPolicy;
  presets(): Array<{ name: string; description: string; policy: SyncPolicy }>;
  /** Validates; on errors nothing changes. */
  savePolicy(tenantId: string, json: unknown, by: string): Promise<PolicyResult>;
  /** Apply a draft to the current presence snapshot: who would change, and how. Nothing is written. */
  dryRun(tenantId: string, draft: unknown): Promise<{ ok: true; changes: DryRunChange[] } | { ok: false; errors: InputProblem[] }>;

  trace(tenantId: string, userId: string, limit: number): Promise<TraceEntry[]>;
  /** userId null: the whole tenant. Returns how many users it touched. */
  pause(tenantId: string, userId: string | null, by: string): Promise<number>;
  resume(tenantId: string, userId: string | null, by: string): Promise<number>;

  setup(tenantId: string): Promise<TenantSetup>;
  /** Validates, stores secrets encrypted, and restarts that tenant's sync with the new settings. */
  changeSetup(tenantId: string, change: SetupChange, by: string): Promise<TenantSetup>;
  checkPermissions(tenantId: string): Promise<PermissionReport>;
  testConnector(tenantId: string): Promise<ConnectionTest>;
  /** The adminconsent URL for our multi-tenant app (opened by the tab in a popup). */
  adminConsentUrl(tenantId: string, redirectUri: string, state: string): string;
  /** The consent popup came back: record the result for the tenant. */
  recordConsent(tenantId: string, result: { granted: boolean; error?: string; errorDescription?: string }, by: string): Promise<void>;

  /** Where the admin bot posts alerts (chosen with "alerts here"), and turning that off ("alerts off"); false: there was none. */
  setAlertChannel(tenantId: string, channel: AlertChannelChoice, by: string): Promise<void>;
  clearAlertChannel(tenantId: string, by: string): Promise<boolean>;

  /** The audit log, newest first, and how long entries are kept. */
  auditLog(tenantId: string, query: AuditQuery): Promise<{ entries: AuditEntry[]; retentionDays: number }>;
  /** The whole audit log (within retention) as CSV: at,by,action,target,before,after. */
  exportAuditLog(tenantId: string): Promise<string>;
}
