/**
 * AdminService over the running service: what the tab's API and the bot call. It reads from the store and
 * the engine, and changes things only through the same paths the service uses (store, policy book,
 * directory refresh, tenant restart). Secrets go in and never come out.
 */
import {
  AdminInputError,
  UnknownTenantError,
  type AdminService,
  type PermissionReport,
  type SetupChange,
  type TenantSetup,
  type UserQuery,
  type UserRow,
} from './admin-service';
import type { Settings } from '../../config';
import { createOutboundGuard } from '../../pbx/outbound-guard';
import { createLogger } from '../../logger';
import { checkTenantConnection } from '../../graph';
import type { DirectoryRefreshDriver } from '../../identity';
import * as files from './mapping-files';
import { createConnector } from '../../pbx/create-connector';
import type { Store, TenantRecord } from '../../store/store';
import { dryRun } from '../../sync/decision/dry-run';
import type { SyncEngine } from '../../sync/engine';
import { parsePolicy } from '../../sync/decision/policy';
import { PRESETS } from '../../sync/decision/presets';
import type { Clock } from '../../time/clock';
import type { LatencyHistory } from '../latency-history';
import type { PolicyBook } from '../tenants/policy-book';
import type { RecentErrors } from '../recent-errors';
import type { TenantManager } from '../tenants/tenant-manager';
import { readTenantSettings, SECRET_NAMES, type TenantSettings } from '../tenants/tenant-settings';
import { withAuditLog } from './audited-admin';
import { checkConnectorAddresses, connectorAsSaved, parseSetupChange, secretExpiry } from './setup-change';
import { outboundPolicyFor } from '../../pbx/outbound-address-policy';
import { connectionTestAnswer } from './connection-test-answer';
import { buildTenantStatus } from './tenant-status';
import { buildUserRows, findUserRows, queryUserRows } from './user-rows';
import { createAppRegistrationsAdmin } from './app-registrations-admin';
import { permissionReportOf } from './permission-report';

export interface TenantAdminDeps {
  settings: Readonly<Settings>;
  store: Store;
  tenants: TenantManager;
  engine: SyncEngine;
  policies: PolicyBook;
  directory: DirectoryRefreshDriver;
  latency: LatencyHistory;
  errors: RecentErrors;
  clock: Clock;
  /** Client id of the service's own multi-tenant app (for admin consent). */
  ownClientId?: string;
  /** Where admins consent: Entra's login host (in demo mode, the simulator's). */
  consentAuthorityHost: string;
  /** Replicas sharing PostgreSQL: which replica runs the tenant (shown in Status). */
  replicaOf?(tenantId: string): string | undefined;
}

export function createTenantAdmin(d: TenantAdminDeps): AdminService {
  const now = () => d.clock.now();
  // Judges the addresses admins enter in Setup (resolving names): the running connectors judge every connection.
  const outbound = createOutboundGuard(outboundPolicyFor(d.settings));

  async function recordOf(tenantId: string): Promise<TenantRecord> {
    const record = await d.store.tenants.get(tenantId);
    if (!record) throw new UnknownTenantError(tenantId);
    return record;
  }

  async function rowsOf(tenantId: string): Promise<UserRow[]> {
    const [directory, mapping, conflicts, overrides] = await Promise.all([
      d.store.directory.listUsers(tenantId),
      d.store.mappings.list(tenantId),
      d.store.mappings.conflicts(tenantId),
      d.store.mappings.overrides(tenantId),
    ]);
    return buildUserRows({ directory, mapping, conflicts, overrides, states: d.engine.snapshot(tenantId) });
  }

  function alertsOf() {
    if (!d.store.alerts) throw new Error('this store keeps no alert channels');
    return d.store.alerts;
  }

  function runtimeOf(tenantId: string) {
    const runtime = d.tenants.get(tenantId);
    if (!runtime) throw new UnknownTenantError(tenantId);
    return runtime;
  }

  /** After an override or an import: recompute the mapping from what is stored, without fetching. */
  const remap = (tenantId: string) => d.directory.refreshNow(tenantId, { fetch: false });

  async function setupOf(record: TenantRecord): Promise<TenantSetup> {
    const s = readTenantSettings(record.tenantId, record.settings);
    const names = new Set(await d.store.secrets.names(record.tenantId));
    const policy = d.policies.get(record.tenantId);
    return {
      appKind: s.appKind,
      clientId: s.appKind === 'multiTenant' ? d.ownClientId : record.clientId,
      secrets: {
        clientSecret: names.has(SECRET_NAMES.clientSecret),
        certificate: Boolean(s.certificatePem) && names.has(SECRET_NAMES.privateKeyPem),
        pbxSecret: names.has(SECRET_NAMES.pbxSecret),
      },
      connector: { kind: s.connector.kind, url: s.connector.url, usersUrl: s.connector.usersUrl, username: s.connector.username },
      directions: { teamsToPbx: policy.teamsToPbx.enabled, pbxToTeams: policy.pbxToTeams.enabled },
    };
  }

  const pool = createAppRegistrationsAdmin({
    store: d.store,
    tenants: d.tenants,
    clock: d.clock,
    budgetPer30s: d.settings.graph.budgetPer30s,
    ownClientId: d.ownClientId,
    consentAuthorityHost: d.consentAuthorityHost,
  });

  const service: Omit<AdminService, 'auditLog' | 'exportAuditLog'> = {
    ...pool,
    tenantIds: () => d.tenants.ids(),

    async status(tenantId) {
      const record = await recordOf(tenantId);
      const [rows, conflicts, overrides, lastRefreshAt] = await Promise.all([
        rowsOf(tenantId),
        d.store.mappings.conflicts(tenantId),
        d.store.mappings.overrides(tenantId),
        d.store.directory.lastRefreshAt(tenantId),
      ]);
      const mappedRows = rows.filter((r) => r.extension);
      const pausedRows = mappedRows.filter((r) => r.paused);
      const status = buildTenantStatus({
        record,
        replica: d.replicaOf?.(tenantId),
        runtime: d.tenants.get(tenantId),
        policy: d.policies.get(tenantId),
        rows,
        conflicts: conflicts.length,
        overrides: overrides.filter((o) => o.extension !== null).length,
        tenantPaused: mappedRows.length > 0 && pausedRows.length === mappedRows.length ? pausedRows[0].paused : undefined,
        latency: d.latency,
        errors: d.errors.list(tenantId),
        budget: { limitPer30s: d.settings.graph.budgetPer30s, pollShare: d.settings.graph.pollShare },
        lastRefreshAt,
        now: now(),
      });
      // The pool is listed only when the tenant added registrations: a single one is the status's credential and budget.
      const registrations = await pool.appRegistrations(tenantId);
      return registrations.length > 1 ? { ...status, appRegistrations: registrations } : status;
    },

    async users(tenantId, query: UserQuery) {
      await recordOf(tenantId);
      return queryUserRows(await rowsOf(tenantId), query);
    },

    async findUser(tenantId, who) {
      await recordOf(tenantId);
      return findUserRows(await rowsOf(tenantId), who);
    },

    async setOverride(tenantId, userId, extension, by) {
      await recordOf(tenantId);
      const [directory, pbxUsers] = await Promise.all([d.store.directory.listUsers(tenantId), d.store.pbxUsers.list(tenantId)]);
      const problems = [];
      if (!directory.some((u) => u.id === userId))
        problems.push({
          path: 'userId',
          message: `no Teams user ${userId} in this tenant's directory; refresh the directory if the user is new`,
        });
      if (extension !== null && !pbxUsers.some((p) => p.extension === extension)) {
        problems.push({
          path: 'extension',
          message: `extension ${extension} is not in the PBX's user list; check the number or import the PBX users`,
        });
      }
      if (problems.length) throw new AdminInputError(problems);
      await d.store.mappings.putOverride({ tenantId, userId, extension, by, at: now() });
      await remap(tenantId);
    },

    async clearOverride(tenantId, userId) {
      await recordOf(tenantId);
      await d.store.mappings.deleteOverride(tenantId, userId);
      await remap(tenantId);
    },

    async previewMappingImport(tenantId, csv) {
      await recordOf(tenantId);
      return files.previewMappingImport(d.store, tenantId, csv);
    },

    async applyMappingImport(tenantId, csv, by) {
      await recordOf(tenantId);
      const plan = await files.applyMappingImport(d.store, tenantId, csv, by, now());
      await remap(tenantId);
      return plan;
    },

    async exportMapping(tenantId) {
      await recordOf(tenantId);
      return files.exportMapping(d.store, tenantId);
    },

    async previewPbxUserImport(tenantId, csv) {
      await recordOf(tenantId);
      return files.previewPbxUserImport(d.store, tenantId, csv);
    },

    async applyPbxUserImport(tenantId, csv) {
      await recordOf(tenantId);
      const imported = await files.importPbxUsers(d.store, tenantId, csv);
      await remap(tenantId);
      return imported;
    },

    async refreshDirectory(tenantId, options = {}) {
      runtimeOf(tenantId);
      return d.directory.refreshNow(tenantId, { acceptDrop: options.acceptDrop, onProgress: options.onProgress });
    },

    async syncNow(tenantId, onProgress) {
      const runtime = runtimeOf(tenantId);
      onProgress?.({ phase: 'directory', detail: 'refreshing the directory and the mapping' });
      const refresh = await d.directory.refreshNow(tenantId, { onProgress: (p) => onProgress?.({ phase: 'directory', detail: p.phase }) });
      onProgress?.({ phase: 'presence', detail: 'reading the presence of every mapped user' });
      const sweep = await runtime.poller.sweepNow();
      onProgress?.({ phase: 'done' });
      return { refresh, sweep: { users: sweep.users, changes: sweep.changes } };
    },

    policy: (tenantId) => d.policies.get(tenantId),

    presets: () => Object.values(PRESETS).map((p) => ({ name: p.name, description: p.description, policy: p.policy })),

    async savePolicy(tenantId, json) {
      await recordOf(tenantId);
      const result = await d.policies.put(tenantId, json);
      // The new rules apply to everyone now, not only to the next change of each user.
      if (result.ok) d.engine.reevaluate(tenantId);
      return result;
    },

    async dryRun(tenantId, draft) {
      await recordOf(tenantId);
      const parsed = parsePolicy(draft);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      return { ok: true, changes: dryRun(parsed.policy, d.engine.snapshot(tenantId), now()) };
    },

    async trace(tenantId, userId, limit) {
      await recordOf(tenantId);
      return d.store.trace.forUser(tenantId, userId, Math.min(500, Math.max(1, limit)));
    },

    async pause(tenantId, userId, by) {
      runtimeOf(tenantId);
      return d.engine.pause(tenantId, userId, by);
    },

    async resume(tenantId, userId) {
      runtimeOf(tenantId);
      return d.engine.resume(tenantId, userId);
    },

    async setup(tenantId) {
      return setupOf(await recordOf(tenantId));
    },

    async changeSetup(tenantId, input: SetupChange, by) {
      const change = parseSetupChange(tenantId, input);
      const existing = await d.store.tenants.get(tenantId);
      const previous = existing ? readTenantSettings(tenantId, existing.settings) : undefined;
      const appKind = change.appKind ?? (previous?.appKind === 'demo' ? 'demo' : previous?.appKind) ?? 'ownApp';
      // A new PBX secret: the PBX may go on signing with the old one until its admin switches it over.
      const storedPbxSecret = await d.store.secrets.get(tenantId, SECRET_NAMES.pbxSecret);
      const rotating = !!storedPbxSecret && !!change.connector?.secret && change.connector.secret !== storedPbxSecret;
      const settings: TenantSettings = {
        ...previous,
        appKind,
        authorityHost: previous?.authorityHost ?? d.settings.authorityHost,
        graphBaseUrl: previous?.graphBaseUrl ?? d.settings.graphBaseUrl,
        connector: change.connector ? connectorAsSaved(change.connector, previous) : (previous?.connector ?? { kind: 'webhook' }),
        certificatePem: change.certificatePem ?? previous?.certificatePem,
        clientSecretExpiresAt: secretExpiry(change, previous?.clientSecretExpiresAt),
        pbxSecretPreviousUntil: rotating ? now() + PREVIOUS_PBX_SECRET_ACCEPTED_MS : previous?.pbxSecretPreviousUntil,
        changed: { by, at: now() },
      };
      if (change.connector) {
        await checkConnectorAddresses(settings.connector, outbound);
        // Build (not start) the connector from the new settings: its own validation names what is wrong.
        try {
          createConnector(
            tenantId,
            {
              connector: change.connector.kind,
              url: change.connector.url,
              usersUrl: change.connector.usersUrl,
              username: change.connector.username,
              password: change.connector.password,
              secret: change.connector.secret ?? (await d.store.secrets.get(tenantId, SECRET_NAMES.pbxSecret)) ?? 'x'.repeat(16),
            },
            silentLogger,
          );
        } catch (err) {
          throw new AdminInputError([{ path: 'connector', message: (err as Error).message }]);
        }
      }
      await d.store.tenants.upsert({
        tenantId,
        displayName: existing?.displayName ?? tenantId,
        mode: existing?.mode ?? 'app',
        clientId: change.clientId ?? existing?.clientId,
        settings,
        createdAt: existing?.createdAt ?? now(),
        updatedAt: now(),
      });
      if (change.clientSecret) await d.store.secrets.put(tenantId, SECRET_NAMES.clientSecret, change.clientSecret);
      if (change.privateKeyPem) await d.store.secrets.put(tenantId, SECRET_NAMES.privateKeyPem, change.privateKeyPem);
      if (rotating) await d.store.secrets.put(tenantId, SECRET_NAMES.pbxSecretPrevious, storedPbxSecret);
      if (change.connector?.secret) await d.store.secrets.put(tenantId, SECRET_NAMES.pbxSecret, change.connector.secret);
      if (change.connector?.password) await d.store.secrets.put(tenantId, SECRET_NAMES.pbxPassword, change.connector.password);
      if (change.directions) {
        const policy = d.policies.get(tenantId);
        await d.policies.put(tenantId, {
          ...policy,
          teamsToPbx: { ...policy.teamsToPbx, enabled: change.directions.teamsToPbx ?? policy.teamsToPbx.enabled },
          pbxToTeams: { ...policy.pbxToTeams, enabled: change.directions.pbxToTeams ?? policy.pbxToTeams.enabled },
        });
        d.engine.reevaluate(tenantId);
      }
      const connectionChanged = Boolean(
        change.clientId || change.clientSecret || change.certificatePem || change.connector || change.appKind,
      );
      if (connectionChanged || !d.tenants.get(tenantId)) {
        try {
          await d.tenants.restart(tenantId);
          void d.directory.refreshNow(tenantId).catch(() => undefined);
        } catch {
          // Saved all the same: the admin sees why sync does not run in Status, and fixes it in Setup.
        }
      }
      return setupOf(await recordOf(tenantId));
    },

    async checkPermissions(tenantId): Promise<PermissionReport> {
      const runtime = runtimeOf(tenantId);
      runtime.connection.tokens.retryNow();
      const r = await checkTenantConnection({
        tenantId,
        clientId: runtime.connection.clientId,
        tokens: runtime.connection.tokens,
        client: runtime.connection.client,
        clock: d.clock,
      });
      // Polling that backs off after a 403 need not wait minutes once the check finds everything granted.
      if (r.ok) runtime.poller.retryNow();
      return permissionReportOf(r);
    },

    async testConnector(tenantId) {
      return connectionTestAnswer(await runtimeOf(tenantId).connector.testConnection());
    },

    adminConsentUrl(tenantId, redirectUri, state) {
      const query = new URLSearchParams({
        client_id: d.ownClientId ?? '',
        scope: 'https://graph.microsoft.com/.default',
        redirect_uri: redirectUri,
        state,
      });
      return `${d.consentAuthorityHost.replace(/\/+$/, '')}/${tenantId}/v2.0/adminconsent?${query}`;
    },

    async recordConsent(tenantId, result, by) {
      const record = await recordOf(tenantId);
      const settings = readTenantSettings(tenantId, record.settings);
      await d.store.tenants.upsert({
        ...record,
        settings: {
          ...settings,
          consent: {
            granted: result.granted,
            at: now(),
            by,
            error: result.error ? `${result.error}: ${result.errorDescription ?? ''}`.trim() : undefined,
          },
        },
        updatedAt: now(),
      });
      if (!result.granted) {
        d.errors.add(tenantId, {
          at: now(),
          part: 'consent',
          code: result.error,
          message: result.errorDescription ?? 'Admin consent was not granted.',
          fix: 'Open Setup and grant admin consent as a Global Administrator.',
        });
      } else if (d.tenants.get(tenantId)) {
        await d.tenants.restart(tenantId);
      }
    },

    async setAlertChannel(tenantId, channel, by) {
      await recordOf(tenantId);
      await alertsOf().setChannel({ tenantId, reference: channel.reference, setBy: by, setAt: now() });
    },

    async clearAlertChannel(tenantId) {
      const had = (await alertsOf().channel(tenantId)) !== undefined;
      await alertsOf().clearChannel(tenantId);
      return had;
    },
  };
  return withAuditLog(service, { store: d.store, clock: d.clock, retentionDays: d.settings.audit.retentionDays });
}

const silentLogger = createLogger('silent');

/** After a PBX secret change, events signed with the old secret are still accepted this long (24 h). */
export const PREVIOUS_PBX_SECRET_ACCEPTED_MS = 24 * 3600_000;
