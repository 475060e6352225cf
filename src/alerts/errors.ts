/** What can go wrong when delivering alerts, as typed errors whose messages say how to fix it. */
import { CodedError } from '../coded-error';

export class AlertError extends CodedError {
  constructor(
    readonly code: 'noAlertChannel' | 'deliveryFailed',
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    super(problem, fix, { ...options, fixInMessage: ' Fix: ' });
    this.name = 'AlertError';
  }
}

/** No channel was chosen for the tenant's alerts: they wait in the outbox until one is. */
export class NoAlertChannelError extends AlertError {
  constructor(tenantId: string) {
    super(
      'noAlertChannel',
      `No alert channel is set for tenant ${tenantId}; alerts are kept until one is.`,
      'in the Teams channel that should get them, @mention PresenceBridge with "alerts here".',
    );
    this.name = 'NoAlertChannelError';
  }
}

/** The channel did not take the message (Bot Connector down, bot removed from the team, ...). */
export class AlertDeliveryError extends AlertError {
  constructor(tenantId: string, cause: unknown) {
    super(
      'deliveryFailed',
      `Could not post an alert for tenant ${tenantId}: ${cause instanceof Error ? cause.message : String(cause)}. It is kept and retried.`,
      'check that PresenceBridge is still installed in the alert channel\'s team, or choose another channel with "alerts here".',
      { cause },
    );
    this.name = 'AlertDeliveryError';
  }
}
