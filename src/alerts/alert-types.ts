/** The alert vocabulary: what a condition is, what is sent to the channel, and where it is sent. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A problem that holds right now for one tenant; `key` stays the same while it lasts. */
export interface AlertCondition {
  key: string;
  /** Conditions of one group replace each other without a "resolved" in between (30 -> 7 -> 1 days left). */
  group?: string;
  severity: AlertSeverity;
  /** One line, e.g. "PresenceBridge cannot sign in to Microsoft Graph (AADSTS7000222)". */
  title: string;
  /** What happened, in plain language. */
  text: string;
  /** What to do about it. */
  fix?: string;
  /** The code from Entra, Graph or the PBX, when there is one. */
  code?: string;
  /** Raise only once the condition has held this long (sustained throttling, a connector that stays down). */
  holdMs?: number;
}

/** What goes to the alert channel: a raised alert or the news that it cleared. */
export interface AlertMessage {
  kind: 'raised' | 'resolved';
  tenantId: string;
  key: string;
  severity: AlertSeverity;
  title: string;
  text: string;
  fix?: string;
  code?: string;
  /** When the alert was raised. */
  openedAt: number;
  /** When this message was decided (for "resolved": when the condition cleared). */
  at: number;
  /** The channel thread of the raised alert, so its resolution lands beside it. */
  threadId?: string;
}

export interface DeliveryReceipt {
  /** The conversation (channel thread) the message now lives in. */
  threadId?: string;
}

/** Where alert messages go (the bot implements it). Throws when the message could not be delivered. */
export interface AlertSink {
  deliver(message: AlertMessage): Promise<DeliveryReceipt | void>;
}

/** An alert pushed by a part of the service; it holds until `clear` (or, for directory alerts, a good refresh). */
export interface PushedAlert extends AlertCondition {
  tenantId: string;
}
