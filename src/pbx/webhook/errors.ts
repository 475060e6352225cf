/**
 * The webhook connector's error catalogue. Delivery failures are `ConnectorError`s (the port's own type,
 * with `retryable`); these are for configuration that cannot be used as saved.
 */

/** Connector settings that do not validate. Messages name the field and the fix, never a secret's value. */
export class WebhookSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Webhook connector settings are invalid: ${problems.join('; ')}`);
    this.name = 'WebhookSettingsError';
  }
}

/** A line-state payload mapping that cannot be applied. */
export class LineStateMappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Line-state mapping is invalid: ${problems.join('; ')}`);
    this.name = 'LineStateMappingError';
  }
}
