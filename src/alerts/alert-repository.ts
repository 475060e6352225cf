/**
 * What the alert engine and the admin bot need kept: where the bot is installed, where alerts go, which alerts
 * are open and which messages wait for delivery. Alerts own this port; the store implements it (src/store/),
 * and memory-alert-repository.ts is the stand-in for a store that offers none.
 */

/** Where the admin bot is installed and where a tenant's alerts go (references are the bot's own JSON). */
export interface BotInstallationRecord {
  tenantId: string;
  teamId: string;
  reference: Record<string, unknown>;
  installedAt: number;
}

export interface AlertChannelRecord {
  tenantId: string;
  reference: Record<string, unknown>;
  /** Who chose the channel (display name), and when. */
  setBy: string;
  setAt: number;
}

/** An alert whose condition still holds: a "resolved" message is due once it clears, even after a restart. */
export interface OpenAlertRecord {
  tenantId: string;
  key: string;
  alert: Record<string, unknown>;
  openedAt: number;
}

/** An alert message not delivered yet: kept until it is, retried with backoff. */
export interface AlertOutboxRecord {
  id: number;
  tenantId: string;
  message: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastError?: string;
}

export interface AlertRepository {
  putInstallation(record: BotInstallationRecord): Promise<void>;
  installations(tenantId: string): Promise<BotInstallationRecord[]>;
  removeInstallation(tenantId: string, teamId: string): Promise<void>;

  channel(tenantId: string): Promise<AlertChannelRecord | undefined>;
  setChannel(record: AlertChannelRecord): Promise<void>;
  clearChannel(tenantId: string): Promise<void>;

  openAlerts(tenantId: string): Promise<OpenAlertRecord[]>;
  putOpenAlert(record: OpenAlertRecord): Promise<void>;
  deleteOpenAlert(tenantId: string, key: string): Promise<void>;

  /** Returns the new outbox id. */
  enqueue(tenantId: string, message: Record<string, unknown>, createdAt: number, nextAttemptAt: number): Promise<number>;
  /** Oldest first; every tenant when tenantId is undefined. */
  pending(tenantId?: string): Promise<AlertOutboxRecord[]>;
  reschedule(id: number, attempts: number, nextAttemptAt: number, lastError: string): Promise<void>;
  remove(id: number): Promise<void>;
}
