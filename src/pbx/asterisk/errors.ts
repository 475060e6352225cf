/**
 * The Asterisk connectors' error catalogue. Everything a caller of the port can see is a `ConnectorError`
 * (with `retryable`); the subclasses say which kind of trouble it is so the tab and the alerts can tell an
 * admin what to fix. Messages never carry a password or secret.
 */
import { CodedError } from '../../coded-error';
import { ConnectorError } from '../connector';

/** Settings that do not validate. Each problem names the field and the fix. */
export class AsteriskSettingsError extends CodedError {
  readonly code = 'asteriskSettings';
  constructor(
    readonly connector: 'asterisk-ari' | 'asterisk-ami',
    readonly problems: string[],
  ) {
    super(`${connector} settings are invalid: ${problems.join('; ')}`, PBX_SETTINGS_FIX);
  }
}

const PBX_SETTINGS_FIX = 'correct the PBX connection settings named above in Setup, then save again.';

/** Asterisk refused the credentials. Not retryable until an admin fixes them. */
export class AsteriskAuthError extends ConnectorError {
  override readonly code = 'asteriskAuth';
  /** ARI's HTTP status (401, 403); none for AMI's refused login. */
  readonly status?: number;

  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, false, {
      cause: options?.cause,
      fix: 'correct the Asterisk user name and password in Setup (they must match ari.conf or manager.conf), then save again.',
    });
    this.status = options?.status;
    this.name = 'AsteriskAuthError';
  }
}

/** Asterisk cannot be reached or the connection dropped: retry later. */
export class AsteriskUnreachableError extends ConnectorError {
  override readonly code = 'asteriskUnreachable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'AsteriskUnreachableError';
  }
}

/** Asterisk answered but refused the request (e.g. ARI 409, AMI "Response: Error"). */
export class AsteriskRefusedError extends ConnectorError {
  override readonly code = 'asteriskRefused';
  constructor(
    message: string,
    retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, retryable, options);
    this.name = 'AsteriskRefusedError';
  }
}

/** Asterisk said something we cannot read (a malformed event or response). */
export class AsteriskProtocolError extends ConnectorError {
  override readonly code = 'asteriskProtocol';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'AsteriskProtocolError';
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
