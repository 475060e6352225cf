/** What both Asterisk connectors do when a connection fails or ends: say so, and try again by themselves. */
import { AsteriskAuthError, describeError } from './errors';
import type { HealthTracker } from './health-tracker';
import type { ReconnectTimer } from './reconnect-timer';
import type { AsteriskLogger } from './settings-common';

export interface ConnectionFailureContext {
  protocol: 'AMI' | 'ARI';
  tenantId: string;
  tracker: HealthTracker;
  reconnect: ReconnectTimer;
  logger: AsteriskLogger;
}

/**
 * Records the error and, while the connector runs, schedules `retry` after the next backoff delay (the
 * longest one after refused credentials) and marks health down with when it comes.
 */
export function handleConnectionFailure(error: unknown, running: boolean, retry: () => void, context: ConnectionFailureContext): void {
  const message = describeError(error);
  context.tracker.error(message);
  if (!running) return;
  const delay = context.reconnect.schedule(retry, { slow: error instanceof AsteriskAuthError });
  context.tracker.set('down', `${message} Retrying in ${Math.round(delay / 1000)} s.`);
  context.logger.warn({ tenantId: context.tenantId, err: message, retryInMs: delay }, `${context.protocol} connection failed`);
}
