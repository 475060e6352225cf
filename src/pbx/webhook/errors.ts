/**
 * The webhook connector's error catalogue. Delivery failures are `ConnectorError`s (the port's own type,
 * with `retryable`); these are for configuration that cannot be used as saved.
 */

import { CodedError } from '../../coded-error';

/** Connector settings that do not validate. Messages name the field and the fix, never a secret's value. */
export class WebhookSettingsError extends CodedError {
  readonly code = 'webhookSettings';
  constructor(readonly problems: string[]) {
    super(
      `Webhook connector settings are invalid: ${problems.join('; ')}`,
      'correct the webhook settings named above in Setup, then save again.',
    );
  }
}

/** A line-state payload mapping that cannot be applied. */
export class LineStateMappingError extends CodedError {
  readonly code = 'lineStateMapping';
  constructor(readonly problems: string[]) {
    super(
      `Line-state mapping is invalid: ${problems.join('; ')}`,
      'correct the line-state mapping named above in the webhook settings, then save again.',
    );
  }
}
