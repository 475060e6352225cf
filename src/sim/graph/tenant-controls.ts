/**
 * What a test, the demo or a person can do to one simulated tenant: its people, their own Teams client state,
 * the app's consent and credentials, faults, and the request statistics.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DirectoryUser } from './directory-user';
import type { Scheduler } from '../sim-clock';
import { ACTIVITIES, AVAILABILITIES, type Activity, type Availability } from './presence-vocabulary';
import { type AppRegistration, GRAPH_APPLICATION_PERMISSIONS, registerCertificate } from './app-registration';
import { SimulatorUsageError } from './errors';
import { type FaultSettings, parseFaultSettings } from './faults';
import { PREFERRED_PRESENCES, type PreferredPresence, type PresenceSession, defaultPreferredExpiryMs } from './presence-aggregation';
import { type RunningScript, startPresenceScript } from './presence-script';
import type { PresenceReading } from './presence-store';
import type { RequestStatsSnapshot } from './request-stats';
import type { FencingSnapshot } from '../fencing-ledger';
import type { SimTenant } from './sim-tenant';

export class TenantControls {
  private readonly scripts = new Set<RunningScript>();

  constructor(private readonly tenant: SimTenant) {}

  get tenantId(): string {
    return this.tenant.tenantId;
  }

  private get now(): number {
    return this.tenant.clock.now();
  }

  private get app(): AppRegistration {
    return this.tenant.apps.values().next().value!;
  }

  // People

  addUsers(users: readonly DirectoryUser[]): void {
    for (const user of users) this.tenant.directory.add(user, this.now);
  }

  addUser(user: DirectoryUser): void {
    this.addUsers([user]);
  }

  updateUser(userId: string, patch: Partial<Omit<DirectoryUser, 'id'>>): DirectoryUser {
    return this.tenant.directory.update(userId, patch);
  }

  renameUser(userId: string, displayName: string): DirectoryUser {
    return this.updateUser(userId, { displayName });
  }

  disableUser(userId: string): DirectoryUser {
    return this.updateUser(userId, { accountEnabled: false });
  }

  enableUser(userId: string): DirectoryUser {
    return this.updateUser(userId, { accountEnabled: true });
  }

  removeUser(userId: string): void {
    this.tenant.directory.remove(userId);
    this.tenant.presence.forget(userId);
  }

  /** Give a user a directory role by its template id (e.g. Global Administrator 62e90394-69f5-4237-9190-012177145e10). */
  assignRole(userId: string, roleTemplateId: string): void {
    this.tenant.memberships.assignRole(userId, roleTemplateId);
  }

  removeRole(userId: string, roleTemplateId: string): void {
    this.tenant.memberships.removeRole(userId, roleTemplateId);
  }

  addToGroup(userId: string, groupId: string): void {
    this.tenant.memberships.addToGroup(userId, groupId);
  }

  removeFromGroup(userId: string, groupId: string): void {
    this.tenant.memberships.removeFromGroup(userId, groupId);
  }

  getUser(userId: string): DirectoryUser | undefined {
    const user = this.tenant.directory.get(userId);
    return user && { ...user };
  }

  get userCount(): number {
    return this.tenant.directory.size;
  }

  // Presence

  /** The user's own Teams client state (Offline: the client is closed). Any Graph pair is allowed here. */
  setUserPresence(userId: string, availability: Availability, activity: Activity): PresenceReading {
    this.requireUser(userId);
    checkPair(availability, activity);
    this.tenant.presence.setClientPresence(userId, availability, activity, this.now);
    return this.presenceOf(userId);
  }

  /** The user sets their own status by hand (what setUserPreferredPresence writes). */
  setPreferredPresence(userId: string, availability: Availability, activity: Activity, expiresInMs?: number): PresenceReading {
    this.requireUser(userId);
    const pair = PREFERRED_PRESENCES.find((p) => p.availability === availability && p.activity === activity);
    if (!pair) {
      throw new SimulatorUsageError(
        `${availability}/${activity} is not a preferred presence; use one of ${PREFERRED_PRESENCES.map((p) => `${p.availability}/${p.activity}`).join(', ')}.`,
      );
    }
    const expiresAt = this.now + (expiresInMs ?? defaultPreferredExpiryMs(availability));
    this.tenant.presence.setPreferred(userId, { availability, activity, expiresAt }, this.now);
    return this.presenceOf(userId);
  }

  clearPreferredPresence(userId: string): PresenceReading {
    this.requireUser(userId);
    this.tenant.presence.clearPreferred(userId, this.now);
    return this.presenceOf(userId);
  }

  /** The presence Graph would report now (aggregated, decay and expiry applied). */
  presenceOf(userId: string): PresenceReading {
    this.requireUser(userId);
    return this.tenant.presence.read(userId, this.now);
  }

  /** Live sessions (by session id: an app's client id, or 'teams-client') and the preferred presence. */
  sessionsOf(userId: string): { sessions: PresenceSession[]; preferred?: PreferredPresence } {
    this.requireUser(userId);
    return this.tenant.presence.inspect(userId, this.now);
  }

  /** Random client presence changes (demo, load). Stopped by `stop()` or when the simulator closes. */
  startPresenceScript(options: { changesPerSecond: number; seed?: number; scheduler?: Scheduler }): RunningScript {
    const script = startPresenceScript(
      {
        randomUserId: (random) => {
          const d = this.tenant.directory;
          for (let attempt = 0; attempt < 10 && d.positions > 0; attempt += 1) {
            const live = d.liveAt(Math.floor(random() * d.positions));
            if (live) return live.user.id;
          }
          return undefined;
        },
        setUserPresence: (userId, availability, activity) =>
          this.tenant.presence.setClientPresence(userId, availability, activity, this.now),
      },
      options,
    );
    this.scripts.add(script);
    return {
      get changes() {
        return script.changes;
      },
      stop: () => {
        script.stop();
        this.scripts.delete(script);
      },
    };
  }

  stopScripts(): void {
    for (const script of this.scripts) script.stop();
    this.scripts.clear();
  }

  // The app: consent, permissions, credentials

  setConsent(consented: boolean): void {
    this.app.consented = consented;
  }

  /** What the admin answers when the admin consent page is opened (default: grant). */
  setConsentAnswer(answer: 'grant' | 'decline'): void {
    this.tenant.consentAnswer = answer;
  }

  /** Replaces the consented application permissions (new tokens carry them as roles). */
  setPermissions(permissions: readonly string[]): void {
    this.app.grantedPermissions = new Set(permissions);
  }

  grantPermission(permission: string): void {
    this.app.grantedPermissions.add(permission);
  }

  revokePermission(permission: string): void {
    this.app.grantedPermissions.delete(permission);
  }

  get permissions(): string[] {
    return [...this.app.grantedPermissions];
  }

  expireSecret(): void {
    this.app.secretState = 'expired';
  }

  /** A new secret (the old one becomes invalid: 7000215). Returns the new value. */
  rotateSecret(): string {
    this.app.clientSecret = newSecret();
    this.app.secretState = 'valid';
    delete this.app.secretExpiresAt;
    return this.app.clientSecret;
  }

  addCertificate(pem: string): void {
    this.app.certificates.push(registerCertificate(pem));
  }

  removeCertificates(): void {
    this.app.certificates = [];
  }

  deleteApp(): void {
    this.app.deleted = true;
  }

  restoreApp(): void {
    this.app.deleted = false;
  }

  /** Tokens issued from now on are opaque strings (true) or JWTs (false); earlier ones keep working. */
  setOpaqueAccessTokens(opaque: boolean): void {
    this.tenant.opaqueAccessTokens = opaque;
  }

  /**
   * Registers one more application in the tenant, consented with the product's permissions (a pool member,
   * issue 12.1). Graph's presence budget is counted per application per tenant, so it has its own.
   */
  addApp(spec: { clientId?: string; clientSecret?: string; permissions?: readonly string[] } = {}): {
    clientId: string;
    clientSecret: string;
  } {
    const app: AppRegistration = {
      clientId: spec.clientId ?? randomUUID(),
      clientSecret: spec.clientSecret ?? newSecret(),
      secretState: 'valid',
      certificates: [],
      grantedPermissions: new Set(spec.permissions ?? GRAPH_APPLICATION_PERMISSIONS),
      consented: true,
      deleted: false,
    };
    if (this.tenant.apps.has(app.clientId)) throw new SimulatorUsageError(`The tenant already has an application ${app.clientId}.`);
    this.tenant.apps.set(app.clientId, app);
    return { clientId: app.clientId, clientSecret: app.clientSecret };
  }

  /**
   * One application's secret is deleted in Entra and its tokens revoked: its sign-in fails (7000215) and
   * tokens it holds answer 401. `restoreAppSecret` gives it a working secret again.
   */
  revokeAppSecret(clientId: string): void {
    const app = this.appById(clientId);
    app.clientSecret = newSecret();
    app.tokensValidFromS = Math.floor(this.now / 1000) + 1;
  }

  restoreAppSecret(clientId: string, secret: string): void {
    this.appById(clientId).clientSecret = secret;
  }

  private appById(clientId: string): AppRegistration {
    const app = this.tenant.apps.get(clientId);
    if (!app) throw new SimulatorUsageError(`No application ${clientId} in tenant ${this.tenant.tenantId}; add it with addApp first.`);
    return app;
  }

  /** Access tokens issued until now stop working (401), as after a credential reset. */
  revokeTokens(): void {
    this.tenant.accessTokenGeneration += 1;
  }

  // Faults and limits

  /** Replaces the tenant's faults (an empty object clears them). */
  setFaults(faults: FaultSettings): void {
    this.tenant.faults = parseFaultSettings(faults);
  }

  clearFaults(): void {
    this.tenant.faults = {};
  }

  /** 429 on presence requests for `durationMs` of simulator time. */
  throttleStorm(durationMs: number, retryAfterSeconds: number, rate = 1): void {
    this.setFaults({ ...this.tenant.faults, throttleStorm: { until: this.now + durationMs, retryAfterSeconds, rate } });
  }

  /** Every delta/skip token issued so far answers 410 syncStateNotFound. */
  expireDeltaLinks(): void {
    this.tenant.deltaGeneration += 1;
  }

  setPresenceLimit(requestsPer30s: number): void {
    if (!Number.isInteger(requestsPer30s) || requestsPer30s < 1)
      throw new SimulatorUsageError('The presence limit must be a positive integer (requests per 30 s).');
    this.tenant.presenceThrottle.setLimit(requestsPer30s);
  }

  // Statistics

  stats(): RequestStatsSnapshot {
    return this.tenant.stats.snapshot();
  }

  /** Most requests to these endpoints inside any window of `windowMs` simulator time (of one application, with `clientId`). */
  maxRequestsInWindow(
    endpoints: readonly string[],
    windowMs = 30_000,
    options: { excludeThrottled?: boolean; clientId?: string } = {},
  ): number {
    return this.tenant.stats.maxInWindow(endpoints, windowMs, options);
  }

  /** Requests each application (client id) made, optionally to these endpoints only. */
  requestsByApp(endpoints?: readonly string[]): Record<string, number> {
    return this.tenant.stats.byClient(endpoints);
  }

  /** Presence writes by fencing token: the newest seen and how many older ones were refused. */
  fencing(): FencingSnapshot {
    return this.tenant.fencing.snapshot();
  }

  resetStats(): void {
    this.tenant.stats.reset();
  }

  private requireUser(userId: string): void {
    if (!this.tenant.directory.get(userId))
      throw new SimulatorUsageError(`No user ${userId} in tenant ${this.tenant.tenantId}; add it with addUsers first.`);
  }
}

export function newSecret(): string {
  // Shaped like an Entra secret value: 40 characters with a '~' in it.
  return `${randomBytes(3).toString('base64url')}8Q~${randomBytes(27).toString('base64url')}`.slice(0, 40);
}

function checkPair(availability: string, activity: string): void {
  if (!(AVAILABILITIES as readonly string[]).includes(availability) || !(ACTIVITIES as readonly string[]).includes(activity)) {
    throw new SimulatorUsageError(
      `${availability}/${activity} is not a Graph presence; see AVAILABILITIES and ACTIVITIES in src/sim/graph/presence-vocabulary.ts.`,
    );
  }
}
