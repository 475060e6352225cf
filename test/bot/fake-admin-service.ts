/** A small AdminService for the bot's tests: a few users, a status, and a record of every change. */
import type { AdminService, AlertChannelChoice, TenantStatus, UserRow } from '../../src/service/admin/admin-service';
import { createMemoryAlertRepository } from '../../src/alerts/memory-alert-repository';
import type { AlertRepository } from '../../src/alerts/alert-repository';
import { healthyStatus } from '../alerts/status-fixture';

export const TENANT = 'tenant-a';
export const ADMIN_ID = 'aad-admin';
export const USER_ID = 'aad-user';

export const PEOPLE: UserRow[] = [
  {
    userId: 'u1',
    displayName: 'Adele Vance',
    userPrincipalName: 'adele@contoso.com',
    extension: '1001',
    status: 'matched',
    matchedBy: 'email',
    teams: { availability: 'Busy', activity: 'InACall' },
    line: 'onCall',
    routing: 'busy',
  },
  {
    userId: 'u2',
    displayName: 'Alex Wilber',
    userPrincipalName: 'alex@contoso.com',
    extension: '1002',
    status: 'matched',
    matchedBy: 'phone',
  },
  { userId: 'u3', displayName: 'Alex Wilson', userPrincipalName: 'alexw@contoso.com', status: 'unmatched' },
  ...Array.from({ length: 23 }, (_, i): UserRow => ({
    userId: `n${i}`,
    displayName: `Nobody ${i}`,
    userPrincipalName: `nobody${i}@contoso.com`,
    status: 'unmatched',
  })),
  { userId: 'c1', displayName: 'Conny Flict', userPrincipalName: 'conny@contoso.com', status: 'conflict' },
];

export class FakeAdminService implements Pick<
  AdminService,
  'tenantIds' | 'status' | 'users' | 'findUser' | 'trace' | 'pause' | 'resume' | 'syncNow' | 'setAlertChannel' | 'clearAlertChannel'
> {
  readonly calls: string[] = [];
  /** Where the alert channel lands: the bot reads it back from the same repository. */
  constructor(readonly alerts: AlertRepository = createMemoryAlertRepository()) {}
  status_: TenantStatus = healthyStatus(Date.UTC(2026, 4, 1));
  syncGate?: Promise<void>;

  tenantIds() {
    return [TENANT];
  }
  async status(_t: string) {
    return this.status_;
  }
  async users(_t: string, q: { status?: string; offset?: number; limit?: number }) {
    const all = PEOPLE.filter((p) => !q.status || p.status === q.status);
    const offset = q.offset ?? 0;
    return { total: all.length, rows: all.slice(offset, offset + (q.limit ?? 50)) };
  }
  async findUser(_t: string, who: string) {
    const w = who.toLowerCase();
    return PEOPLE.filter((p) => p.userPrincipalName === w || p.displayName!.toLowerCase().includes(w));
  }
  async trace(tenantId: string, userId: string) {
    return [
      {
        tenantId,
        userId,
        at: Date.UTC(2026, 4, 1, 9, 30),
        direction: 'teamsToPbx' as const,
        event: 'Teams Busy/InACall (seq 42, poll)',
        rule: 'Busy/* -> busy',
        outcome: 'applied' as const,
        reason: 'presence changed',
        actions: [],
      },
    ];
  }
  async pause(_t: string, userId: string | null, by: string) {
    this.calls.push(`pause ${userId ?? 'tenant'} by ${by}`);
    return userId ? 1 : PEOPLE.length;
  }
  async resume(_t: string, userId: string | null, by: string) {
    this.calls.push(`resume ${userId ?? 'tenant'} by ${by}`);
    return userId ? 1 : PEOPLE.length;
  }
  async syncNow(tenantId: string) {
    this.calls.push('syncNow');
    await this.syncGate;
    return { refresh: { tenantId, at: 0, outcome: 'replaced' as const, mapped: 990 }, sweep: { users: 1000, changes: 12 } };
  }
  async setAlertChannel(tenantId: string, channel: AlertChannelChoice, by: string) {
    this.calls.push(`alert channel ${channel.name ?? '?'} by ${by}`);
    await this.alerts.setChannel({ tenantId, reference: channel.reference, setBy: by, setAt: Date.UTC(2026, 4, 1, 12) });
  }
  async clearAlertChannel(tenantId: string, by: string) {
    this.calls.push(`alerts off by ${by}`);
    const had = (await this.alerts.channel(tenantId)) !== undefined;
    await this.alerts.clearChannel(tenantId);
    return had;
  }
  // Not used by the bot.
  setOverride = notUsed;
  clearOverride = notUsed;
  previewMappingImport = notUsed;
  applyMappingImport = notUsed;
  exportMapping = notUsed;
  refreshDirectory = notUsed;
  policy = notUsed;
  presets = notUsed;
  savePolicy = notUsed;
  dryRun = notUsed;
  setup = notUsed;
  changeSetup = notUsed;
  checkPermissions = notUsed;
  testConnector = notUsed;
  adminConsentUrl = notUsed;
  recordConsent = notUsed;
  auditLog = notUsed;
  exportAuditLog = notUsed;
}

function notUsed(): never {
  throw new Error('the bot does not call this');
}
