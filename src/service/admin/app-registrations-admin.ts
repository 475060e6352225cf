/**
 * The app-registration pool of a tenant as the admin sees and changes it (issue 12.1). The primary is the
 * tenant's own Setup (read here, changed in Setup); added registrations are stored with their credential
 * sealed, and every change restarts the tenant's sync with the new pool. Views carry no secret.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { checkTenantConnection, type AppRegistrationPool, type PoolMember } from '../../graph';
import { isCodedError } from '../../coded-error';
import type { AppRegistrationRecord, Store, TenantRecord } from '../../store/store';
import type { Clock } from '../../time/clock';
import type { TenantManager } from '../tenants/tenant-manager';
import { readTenantSettings } from '../tenants/tenant-settings';
import {
  AdminInputError,
  AppRegistrationTokenError,
  PrimaryAppRegistrationError,
  UnknownAppRegistrationError,
  UnknownTenantError,
  type AppRegistrationAdmin,
  type PermissionReport,
} from './admin-service';
import { appRegistrationChangeSchema, appRegistrationInputSchema, parseOrThrow } from './app-registration-schema';
import { PRIMARY_REGISTRATION_ID, type AppRegistrationHealth, type AppRegistrationView } from './app-registration-views';
import { permissionReportOf } from './permission-report';

export interface AppRegistrationsAdminDeps {
  store: Pick<Store, 'tenants' | 'appRegistrations'>;
  tenants: Pick<TenantManager, 'get' | 'restart'>;
  clock: Clock;
  /** Requests per 30 s per registration (Graph: 1,500). */
  budgetPer30s: number;
  /** The service's multi-tenant app, the primary of tenants that consented to it. */
  ownClientId?: string;
  consentAuthorityHost: string;
}

const DAY = 86_400_000;

export function createAppRegistrationsAdmin(d: AppRegistrationsAdminDeps): AppRegistrationAdmin {
  const now = () => d.clock.now();

  async function recordOf(tenantId: string): Promise<TenantRecord> {
    const record = await d.store.tenants.get(tenantId);
    if (!record) throw new UnknownTenantError(tenantId);
    return record;
  }

  async function addedOf(tenantId: string, id: string): Promise<AppRegistrationRecord> {
    if (id === PRIMARY_REGISTRATION_ID) throw new PrimaryAppRegistrationError('changed');
    const found = await d.store.appRegistrations.get(tenantId, id);
    if (!found) throw new UnknownAppRegistrationError(id);
    return found;
  }

  const poolOf = (tenantId: string): AppRegistrationPool | undefined => d.tenants.get(tenantId)?.connection.pool;

  function health(pool: AppRegistrationPool | undefined, member: PoolMember | undefined): Pick<AppRegistrationView, 'health' | 'problem'> {
    if (!pool || !member) return { health: 'unchecked' };
    const h = pool.health(member.id);
    if (h.health === 'failing') {
      const problem = h.problem;
      const view: { code?: string; message: string; fix?: string } =
        problem && isCodedError(problem) ? problem.adminView() : { message: problem?.message ?? 'failing' };
      return { health: 'failing', problem: { code: view.code, message: view.message, fix: view.fix } };
    }
    const throttled: AppRegistrationHealth = member.client.budget.pausedUntil > now() ? 'throttled' : 'ok';
    return throttled === 'throttled'
      ? { health: 'throttled', problem: { code: 'TooManyRequests', message: 'Graph asked this registration to wait (Retry-After).' } }
      : { health: 'ok' };
  }

  function use(pool: AppRegistrationPool | undefined, member: PoolMember | undefined): AppRegistrationView['use'] {
    if (!pool || !member) return { limitPer30s: d.budgetPer30s, usedLast30s: 0, usersPolled: 0, writesLast30s: 0, throttledTotal: 0 };
    const stats = member.client.stats();
    const failing = pool.health(member.id).health === 'failing';
    return {
      limitPer30s: stats.budgetLimit,
      usedLast30s: stats.usedInWindow,
      usersPolled: failing
        ? 0
        : pool.size === 1
          ? (d.tenants.get(pool.primary.client.tenantId)?.poller.stats().usersPolled ?? 0)
          : pool.use(member.id).usersPolled,
      writesLast30s: pool.writesInWindow(member.id),
      throttledTotal: stats.throttled,
      ...(stats.pausedUntil > now() ? { retryAfterUntil: stats.pausedUntil } : {}),
    };
  }

  const expiry = (expiresAt: number | undefined) =>
    expiresAt === undefined ? {} : { expiresAt, daysLeft: Math.floor((expiresAt - now()) / DAY) };

  function certificateExpiry(pem: string | undefined): number | undefined {
    if (!pem) return undefined;
    try {
      return new Date(new X509Certificate(pem).validTo).getTime();
    } catch {
      return undefined; // the view then shows no date; the token request reports the bad certificate
    }
  }

  function primaryView(record: TenantRecord): AppRegistrationView {
    const settings = readTenantSettings(record.tenantId, record.settings);
    const pool = poolOf(record.tenantId);
    const member = pool?.member(PRIMARY_REGISTRATION_ID);
    const kind = settings.certificatePem
      ? 'certificate'
      : record.mode === 'demo' || record.clientId || settings.appKind === 'multiTenant'
        ? 'secret'
        : 'none';
    const expiresAt = settings.certificatePem ? certificateExpiry(settings.certificatePem) : settings.clientSecretExpiresAt;
    return {
      id: PRIMARY_REGISTRATION_ID,
      label: 'Primary (Setup)',
      clientId: (settings.appKind === 'multiTenant' ? d.ownClientId : record.clientId) ?? member?.clientId ?? '',
      primary: true,
      credential: { kind, ...expiry(expiresAt) },
      consent: settings.consent ? (settings.consent.granted ? 'granted' : 'refused') : 'unknown',
      ...health(pool, member),
      use: use(pool, member),
    };
  }

  function addedView(record: AppRegistrationRecord): AppRegistrationView {
    const pool = poolOf(record.tenantId);
    const member = pool?.member(record.id);
    const expiresAt = record.credentialKind === 'certificate' ? certificateExpiry(record.certificatePem) : record.secretExpiresAt;
    const view: AppRegistrationView = {
      id: record.id,
      label: record.label,
      clientId: record.clientId,
      primary: false,
      credential: { kind: record.credentialKind, ...expiry(expiresAt) },
      consent: record.consent,
      ...health(pool, member),
      use: use(pool, member),
    };
    if (record.permissions) view.permissions = record.permissions;
    if (!member && pool) {
      view.health = 'failing';
      view.problem = {
        code: 'credentialMissing',
        message: 'Its credential is not stored (or could not be read).',
        fix: 'enter its client secret again.',
      };
    }
    return view;
  }

  async function restart(tenantId: string): Promise<void> {
    if (!d.tenants.get(tenantId)) return;
    try {
      await d.tenants.restart(tenantId);
    } catch {
      // Saved all the same: Status shows why sync does not run, as after a Setup change.
    }
  }

  async function assertNewClientId(tenantId: string, clientId: string): Promise<void> {
    const primary = primaryView(await recordOf(tenantId));
    const taken = [primary.clientId, ...(await d.store.appRegistrations.list(tenantId)).map((r) => r.clientId)];
    if (taken.some((c) => c.toLowerCase() === clientId.toLowerCase()))
      throw new AdminInputError([
        {
          path: 'clientId',
          message: 'is already in the pool; each registration must be a different app (Graph counts the budget per app)',
        },
      ]);
  }

  async function memberOf(tenantId: string, id: string): Promise<PoolMember> {
    const runtime = d.tenants.get(tenantId);
    if (!runtime) throw new UnknownTenantError(tenantId);
    const member = runtime.connection.pool.member(id);
    if (!member) {
      if (id !== PRIMARY_REGISTRATION_ID) await addedOf(tenantId, id);
      throw new UnknownAppRegistrationError(id);
    }
    return member;
  }

  return {
    async appRegistrations(tenantId) {
      const record = await recordOf(tenantId);
      return [primaryView(record), ...(await d.store.appRegistrations.list(tenantId)).map(addedView)];
    },

    async addAppRegistration(tenantId, raw, by) {
      void by;
      await recordOf(tenantId);
      const input = parseOrThrow(appRegistrationInputSchema, raw);
      await assertNewClientId(tenantId, input.clientId);
      const at = now();
      const record: AppRegistrationRecord = {
        tenantId,
        id: `reg-${randomUUID().slice(0, 8)}`,
        label: input.label,
        clientId: input.clientId.toLowerCase(),
        credentialKind: input.certificatePem ? 'certificate' : 'secret',
        ...(input.certificatePem ? { certificatePem: input.certificatePem } : {}),
        ...(input.clientSecretExpiresAt ? { secretExpiresAt: input.clientSecretExpiresAt } : {}),
        consent: 'unknown',
        createdAt: at,
        updatedAt: at,
      };
      await d.store.appRegistrations.put(record, { clientSecret: input.clientSecret, privateKeyPem: input.privateKeyPem });
      await restart(tenantId);
      return addedView(record);
    },

    async changeAppRegistration(tenantId, id, raw, by) {
      void by;
      const before = await addedOf(tenantId, id);
      const change = parseOrThrow(appRegistrationChangeSchema, raw);
      const credentialChanged = change.clientSecret !== undefined || change.certificatePem !== undefined;
      const kind = change.certificatePem ? 'certificate' : change.clientSecret !== undefined ? 'secret' : before.credentialKind;
      const after: AppRegistrationRecord = {
        ...before,
        label: change.label ?? before.label,
        credentialKind: kind,
        certificatePem: kind === 'certificate' ? (change.certificatePem ?? before.certificatePem) : undefined,
        secretExpiresAt:
          change.clientSecretExpiresAt !== undefined
            ? (change.clientSecretExpiresAt ?? undefined)
            : change.clientSecret !== undefined
              ? undefined
              : before.secretExpiresAt,
        updatedAt: now(),
      };
      await d.store.appRegistrations.put(
        after,
        credentialChanged ? { clientSecret: change.clientSecret, privateKeyPem: change.privateKeyPem } : undefined,
      );
      if (credentialChanged) await restart(tenantId);
      return addedView(after);
    },

    async removeAppRegistration(tenantId, id) {
      if (id === PRIMARY_REGISTRATION_ID) throw new PrimaryAppRegistrationError('removed');
      if (!(await d.store.appRegistrations.remove(tenantId, id))) throw new UnknownAppRegistrationError(id);
      await restart(tenantId);
    },

    async checkAppRegistrationPermissions(tenantId, id): Promise<PermissionReport> {
      const member = await memberOf(tenantId, id);
      // An admin checking after fixing it: ask Entra again now, and take it back into the pool when it works.
      (member.tokens as { retryNow?: () => void }).retryNow?.();
      const r = await checkTenantConnection({
        tenantId,
        clientId: member.clientId,
        tokens: member.tokens,
        client: member.client,
        clock: d.clock,
      });
      if (id !== PRIMARY_REGISTRATION_ID) {
        const record = await addedOf(tenantId, id);
        const missing = r.permissions.filter((p) => p.state === 'missing' && !p.optional).map((p) => p.name);
        await d.store.appRegistrations.put({ ...record, permissions: { checkedAt: now(), ok: r.ok, missing }, updatedAt: now() });
      }
      const pool = d.tenants.get(tenantId)?.connection.pool;
      // A token refused here is the registration's health too, not only this report: it shows as failing until fixed.
      if (!r.token.ok) pool?.failed(id, new AppRegistrationTokenError(r.token.problem));
      else if (r.ok) pool?.succeeded(id);
      return permissionReportOf(r);
    },

    async appRegistrationConsentUrl(tenantId, id, redirectUri, state) {
      const clientId =
        id === PRIMARY_REGISTRATION_ID ? primaryView(await recordOf(tenantId)).clientId : (await addedOf(tenantId, id)).clientId;
      const query = new URLSearchParams({
        client_id: clientId,
        scope: 'https://graph.microsoft.com/.default',
        redirect_uri: redirectUri,
        state,
      });
      return `${d.consentAuthorityHost.replace(/\/+$/, '')}/${tenantId}/v2.0/adminconsent?${query}`;
    },

    async recordAppRegistrationConsent(tenantId, id, result, by) {
      const record = await addedOf(tenantId, id);
      const error = result.error ? `${result.error}: ${result.errorDescription ?? ''}`.trim() : undefined;
      await d.store.appRegistrations.put({
        ...record,
        consent: result.granted ? 'granted' : 'refused',
        consentDetail: { at: now(), by, ...(error ? { error } : {}) },
        updatedAt: now(),
      });
      // A consent just given: fetch a fresh token at once rather than at the pool's next retry.
      if (result.granted) await restart(tenantId);
    },
  };
}
