/** The admin API's answers, as the service declares them (types only: nothing from the service is bundled). */
export type {
  AdminError,
  AuditAction,
  AuditEntry,
  ConnectionTest,
  InputProblem,
  LatencyPoint,
  LatencySummary,
  PartHealthView,
  PartStatus,
  PermissionReport,
  SetupChange,
  TenantSetup,
  TenantStatus,
  UserRow,
  UserStatus,
} from '../../../src/service/admin/admin-service';
export type {
  AppRegistrationChange,
  AppRegistrationHealth,
  AppRegistrationInput,
  AppRegistrationView,
} from '../../../src/service/admin/app-registration-views';
export type { OverrideImportPlan, RefreshProgress } from '../../../src/identity';
export type { SyncPolicy } from '../../../src/sync/decision/policy';
export type { PbxToTeamsRule, TeamsTarget, TeamsToPbxRule } from '../../../src/sync/decision/rules';
export type { DryRunChange } from '../../../src/sync/decision/dry-run';
export type { TraceEntry, Direction, TraceOutcome } from '../../../src/sync/types';
export type { Activity, Availability, LineState, RoutingState, TeamsPresence } from '../../../src/sync/states';

/** One preset as GET /rules lists it. */
export interface PresetView {
  name: string;
  description: string;
  policy: import('../../../src/sync/decision/policy').SyncPolicy;
}

/** GET /jobs/:id */
export interface JobView {
  jobId?: string;
  kind?: 'directoryRefresh' | 'syncNow';
  /** 'queued', the service's phases, then 'done' or 'failed'. */
  phase: string;
  counts?: Record<string, number | undefined>;
  detail?: string;
  done: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** GET /me: who the tab talks to. */
export interface Me {
  userId: string;
  userPrincipalName: string;
  displayName: string;
  isAdmin: boolean;
}
