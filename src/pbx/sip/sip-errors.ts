/**
 * The SIP connector's error catalogue. Messages say what is wrong and how to fix it; none carries a
 * secret. Callers of the connector see these wrapped in ConnectorError (src/pbx/connector.ts).
 */

import { CodedError } from '../../coded-error';

/** A datagram that is not a SIP message we can read. */
export class SipParseError extends CodedError {
  readonly code = 'sipUnreadable';
  constructor(message: string) {
    super(`Unreadable SIP message: ${message}`, PBX_SPEAKS_SIP);
  }
}

const PBX_SPEAKS_SIP = "check that host and port in the SIP settings point at the PBX's SIP listener, not at another service.";

/** A SIP stream (TCP) that cannot be cut into messages: the connection is closed. */
export class SipFramingError extends CodedError {
  readonly code = 'sipStreamUnreadable';
  constructor(message: string) {
    super(`Unreadable SIP stream, connection closed: ${message}`, PBX_SPEAKS_SIP);
  }
}

/** The PBX did not answer a request in time (Timer B/F expired after retransmissions). */
export class SipTimeoutError extends CodedError {
  readonly code = 'sipTimeout';
  constructor(
    readonly method: string,
    readonly target: string,
    readonly afterMs: number,
    protocol = 'UDP',
  ) {
    super(
      `No answer from the PBX at ${target} to ${method} within ${afterMs} ms:`,
      `check that the PBX runs, that host and port in the SIP settings are right, and that ${protocol} is not blocked between us.`,
      { fixInMessage: ' ' },
    );
  }
}

/** The PBX answered with a final non-2xx status. */
export class SipRequestFailedError extends CodedError {
  readonly code = 'sipRefused';
  constructor(
    readonly method: string,
    readonly status: number,
    readonly reason: string,
    hint?: string,
  ) {
    super(
      `The PBX refused ${method}: ${status} ${reason}`,
      hint ?? 'check the SIP settings (user, password, domain) and the PBX log for why it refused.',
      hint ? { fixInMessage: '. ' } : {},
    );
  }
}

/** The transport is closed (the connector was stopped) or could not bind. */
export class SipTransportError extends CodedError {
  readonly code = 'sipTransport';
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      message,
      'check that the SIP connector is started and that its address and port are free and reachable; it reconnects on its own.',
      options,
    );
  }
}

/** Invalid SIP connector settings. */
export class SipSettingsError extends CodedError {
  readonly code = 'sipSettings';
  constructor(message: string) {
    super(`Invalid SIP connector settings: ${message}`, 'correct the SIP setting named above in Setup, then save again.');
  }
}
