/**
 * The audit log around the admin service: every change the tab's API or the bot makes goes through one of
 * these methods, so recording here catches them all. Each entry says who, when, what, and the state before
 * and after, read through the same service views an admin sees (which carry no secret). A secret that
 * was sent is recorded as "changed", never with its value. A change that fails records nothing: it changed
 * nothing. The entry is written after the change: if writing it fails, the caller gets the error (and the
 * service log has it) although the change stands.
 */
import type { AdminService, AuditAction, AuditEntry, SetupChange, TenantSetup, UserRow } from './admin-service';
import type { AuditRecord, Store } from '../../store/store';
import type { AlertChannelRecord } from '../../alerts/alert-repository';
import type { Clock } from '../../time/clock';
import { auditCsv } from './audit-csv';
import type { AppRegistrationView } from './app-registration-views';

export interface AuditedAdminDeps {
  store: Pick<Store, 'audit' | 'mappings' | 'pbxUsers' | 'alerts'>;
  clock: Clock;
  retentionDays: number;
}

type AuditedMethods = 'auditLog' | 'exportAuditLog';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;
/** An import's rows in its audit entry: enough to see what it did; the counts say the rest. */
const MAX_ROWS_PER_KIND = 200;

export function withAuditLog(inner: Omit<AdminService, AuditedMethods>, d: AuditedAdminDeps): AdminService {
  const record = (tenantId: string, by: string, action: AuditAction, change: { target?: string; before?: unknown; after?: unknown }) =>
    d.store.audit.append({ tenantId, at: d.clock.now(), by, action, ...change });

  const userView = async (tenantId: string, userId: string) =>
    viewOfUser((await inner.findUser(tenantId, userId)).find((u) => u.userId === userId));
  const setupOrNothing = (tenantId: string) => inner.setup(tenantId).catch(() => undefined);

  return {
    ...inner,

    async changeSetup(tenantId, change, by) {
      const before = await setupOrNothing(tenantId);
      const after = await inner.changeSetup(tenantId, change, by);
      await record(tenantId, by, 'setup.change', {
        target: 'tenant',
        before: before && setupView(before, []),
        after: setupView(after, secretsSent(change), change),
      });
      return after;
    },

    // The pool's changes are Setup changes of one registration (target appRegistration/<id>); views carry no secret.
    async addAppRegistration(tenantId, input, by) {
      const after = await inner.addAppRegistration(tenantId, input, by);
      await record(tenantId, by, 'setup.change', {
        target: `appRegistration/${after.id}`,
        after: { appRegistration: 'added', ...registrationView(after), secrets: secretsOf(input) },
      });
      return after;
    },

    async changeAppRegistration(tenantId, id, change, by) {
      const before = (await inner.appRegistrations(tenantId)).find((r) => r.id === id);
      const after = await inner.changeAppRegistration(tenantId, id, change, by);
      await record(tenantId, by, 'setup.change', {
        target: `appRegistration/${id}`,
        before: before && registrationView(before),
        after: { appRegistration: 'changed', ...registrationView(after), secrets: secretsOf(change) },
      });
      return after;
    },

    async removeAppRegistration(tenantId, id, by) {
      const before = (await inner.appRegistrations(tenantId)).find((r) => r.id === id);
      await inner.removeAppRegistration(tenantId, id, by);
      await record(tenantId, by, 'setup.change', {
        target: `appRegistration/${id}`,
        before: before && registrationView(before),
        after: { appRegistration: 'removed' },
      });
    },

    async recordAppRegistrationConsent(tenantId, id, result, by) {
      await inner.recordAppRegistrationConsent(tenantId, id, result, by);
      await record(tenantId, by, 'consent.record', {
        target: `appRegistration/${id}`,
        after: { granted: result.granted, ...(result.error ? { error: result.error } : {}) },
      });
    },

    async recordConsent(tenantId, result, by) {
      await inner.recordConsent(tenantId, result, by);
      await record(tenantId, by, 'consent.record', {
        target: 'tenant',
        after: { granted: result.granted, ...(result.error ? { error: result.error } : {}) },
      });
    },

    async savePolicy(tenantId, json, by) {
      const before = inner.policy(tenantId);
      const result = await inner.savePolicy(tenantId, json, by);
      if (result.ok) await record(tenantId, by, 'rules.save', { target: 'tenant', before, after: result.policy });
      return result;
    },

    async setOverride(tenantId, userId, extension, by) {
      const before = await userView(tenantId, userId);
      await inner.setOverride(tenantId, userId, extension, by);
      await record(tenantId, by, 'override.set', { target: userId, before, after: await userView(tenantId, userId) });
    },

    async clearOverride(tenantId, userId, by) {
      const before = await userView(tenantId, userId);
      await inner.clearOverride(tenantId, userId, by);
      await record(tenantId, by, 'override.clear', { target: userId, before, after: await userView(tenantId, userId) });
    },

    async applyMappingImport(tenantId, csv, by) {
      const before = (await d.store.mappings.overrides(tenantId)).length;
      const plan = await inner.applyMappingImport(tenantId, csv, by);
      const { add, change, remove, unchanged, summary } = plan.preview;
      await record(tenantId, by, 'mapping.import', {
        target: 'tenant',
        before: { overrides: before },
        after: {
          overrides: summary.total,
          links: summary.links,
          exclusions: summary.exclusions,
          unchanged,
          ...rows('added', add),
          ...rows('changed', change),
          ...rows('removed', remove),
        },
      });
      return plan;
    },

    async applyPbxUserImport(tenantId, csv, by) {
      const before = (await d.store.pbxUsers.list(tenantId)).length;
      const imported = await inner.applyPbxUserImport(tenantId, csv, by);
      await record(tenantId, by, 'pbxUsers.import', {
        target: 'tenant',
        before: { pbxUsers: before },
        after: { pbxUsers: imported.users.length, ...imported.preview },
      });
      return imported;
    },

    async pause(tenantId, userId, by) {
      const before = userId ? await userView(tenantId, userId) : undefined;
      const users = await inner.pause(tenantId, userId, by);
      await record(tenantId, by, 'sync.pause', { target: userId ?? 'tenant', before, after: { paused: true, users } });
      return users;
    },

    async resume(tenantId, userId, by) {
      const before = userId ? await userView(tenantId, userId) : undefined;
      const users = await inner.resume(tenantId, userId, by);
      await record(tenantId, by, 'sync.resume', { target: userId ?? 'tenant', before, after: { paused: false, users } });
      return users;
    },

    async setAlertChannel(tenantId, channel, by) {
      const before = await d.store.alerts?.channel(tenantId);
      await inner.setAlertChannel(tenantId, channel, by);
      await record(tenantId, by, 'alertChannel.set', {
        target: 'tenant',
        before: before && channelView(before),
        after: { channel: channel.name || channelName(channel.reference) },
      });
    },

    async clearAlertChannel(tenantId, by) {
      const before = await d.store.alerts?.channel(tenantId);
      const had = await inner.clearAlertChannel(tenantId, by);
      if (had)
        await record(tenantId, by, 'alertChannel.clear', {
          target: 'tenant',
          before: before && channelView(before),
          after: { channel: null },
        });
      return had;
    },

    async refreshDirectory(tenantId, options = {}) {
      const before = options.acceptDrop ? (await d.store.mappings.list(tenantId)).length : 0;
      const result = await inner.refreshDirectory(tenantId, options);
      // Only an accepted drop is an admin's decision; a plain refresh changes no setting.
      if (options.acceptDrop)
        await record(tenantId, options.by ?? 'unknown', 'directory.acceptDrop', {
          target: 'tenant',
          before: { mapped: before },
          after: { outcome: result.outcome, mapped: result.mapped },
        });
      return result;
    },

    async auditLog(tenantId, query) {
      const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? DEFAULT_PAGE));
      const records = await d.store.audit.list(tenantId, { limit, beforeId: query.beforeId });
      return { entries: records.map(toEntry), retentionDays: d.retentionDays };
    },

    async exportAuditLog(tenantId) {
      const entries: AuditEntry[] = [];
      for (
        let page = await d.store.audit.list(tenantId, { limit: 5_000 });
        page.length > 0;
        page = await d.store.audit.list(tenantId, { limit: 5_000, beforeId: page[page.length - 1].id })
      ) {
        entries.push(...page.map(toEntry));
      }
      return auditCsv(entries);
    },
  };
}

/** The store keeps any action name; this service writes only AUDIT_ACTIONS. */
function toEntry({ tenantId: _tenantId, ...entry }: AuditRecord): AuditEntry {
  return entry as AuditEntry;
}

function viewOfUser(row: UserRow | undefined) {
  if (!row) return undefined;
  return {
    user: row.userPrincipalName ?? row.userId,
    extension: row.extension ?? null,
    status: row.status,
    paused: row.paused ? { by: row.paused.by, at: row.paused.at } : null,
  };
}

type SecretName = keyof TenantSetup['secrets'] | 'pbxPassword';

/** Which secrets a change sends (their names only). */
function secretsSent(change: SetupChange): SecretName[] {
  const sent: SecretName[] = [];
  if (change.clientSecret !== undefined) sent.push('clientSecret');
  if (change.privateKeyPem !== undefined) sent.push('certificate');
  if (change.connector?.secret !== undefined) sent.push('pbxSecret');
  if (change.connector?.password !== undefined) sent.push('pbxPassword');
  return sent;
}

/** Setup as the audit log keeps it: the service's own view (secrets as set / not set), with the secrets just sent as "changed". */
function setupView(setup: TenantSetup, changed: readonly SecretName[], change?: SetupChange) {
  const secrets: Record<string, 'set' | 'not set' | 'changed'> = {};
  for (const [name, isSet] of Object.entries(setup.secrets)) secrets[name] = isSet ? 'set' : 'not set';
  for (const name of changed) secrets[name] = 'changed';
  return {
    appKind: setup.appKind,
    clientId: setup.clientId ?? null,
    connector: { ...setup.connector },
    directions: { ...setup.directions },
    secrets,
    ...(change?.clientSecretExpiresAt !== undefined ? { clientSecretExpiresAt: change.clientSecretExpiresAt } : {}),
  };
}

function channelName(reference: Record<string, unknown>): string {
  const conversation = reference.conversation as { name?: unknown; id?: unknown } | undefined;
  const name = typeof conversation?.name === 'string' && conversation.name ? conversation.name : undefined;
  return name ?? String(reference.teamsChannelId ?? conversation?.id ?? 'a conversation');
}

function channelView(channel: AlertChannelRecord) {
  return { channel: channelName(channel.reference), setBy: channel.setBy, setAt: channel.setAt };
}

function rows<K extends string, T>(kind: K, list: readonly T[]) {
  const kept = list.slice(0, MAX_ROWS_PER_KIND);
  return { [kind]: kept, ...(list.length > kept.length ? { [`${kind}NotShown`]: list.length - kept.length } : {}) } as Record<K, T[]>;
}

/** What an audit entry keeps of a registration: who it is and its credential's kind and expiry, no health or use. */
function registrationView(view: AppRegistrationView): Record<string, unknown> {
  return { id: view.id, label: view.label, clientId: view.clientId, credential: view.credential };
}

/** The secrets a request carried, by name only ("changed"), never their values. */
function secretsOf(input: { clientSecret?: string; privateKeyPem?: string }): Record<string, 'changed'> {
  return {
    ...(input.clientSecret !== undefined ? { clientSecret: 'changed' as const } : {}),
    ...(input.privateKeyPem !== undefined ? { privateKey: 'changed' as const } : {}),
  };
}
