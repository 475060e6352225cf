/**
 * The SIP connector's error catalogue. Messages say what is wrong and how to fix it; none carries a
 * secret. Callers of the connector see these wrapped in ConnectorError (src/pbx/connector.ts).
 */

/** A datagram that is not a SIP message we can read. */
export class SipParseError extends Error {
  constructor(message: string) {
    super(`Unreadable SIP message: ${message}`);
    this.name = 'SipParseError';
  }
}

/** A SIP stream (TCP) that cannot be cut into messages: the connection is closed. */
export class SipFramingError extends Error {
  constructor(message: string) {
    super(`Unreadable SIP stream, connection closed: ${message}`);
    this.name = 'SipFramingError';
  }
}

/** The PBX did not answer a request in time (Timer B/F expired after retransmissions). */
export class SipTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly target: string,
    readonly afterMs: number,
    protocol = 'UDP',
  ) {
    super(
      `No answer from the PBX at ${target} to ${method} within ${afterMs} ms: check that the PBX runs, ` +
        `that host and port in the SIP settings are right, and that ${protocol} is not blocked between us.`,
    );
    this.name = 'SipTimeoutError';
  }
}

/** The PBX answered with a final non-2xx status. */
export class SipRequestFailedError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly reason: string,
    hint?: string,
  ) {
    super(`The PBX refused ${method}: ${status} ${reason}${hint ? `. ${hint}` : ''}`);
    this.name = 'SipRequestFailedError';
  }
}

/** The transport is closed (the connector was stopped) or could not bind. */
export class SipTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SipTransportError';
  }
}

/** Invalid SIP connector settings. */
export class SipSettingsError extends Error {
  constructor(message: string) {
    super(`Invalid SIP connector settings: ${message}`);
    this.name = 'SipSettingsError';
  }
}
