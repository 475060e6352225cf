/**
 * What the user agent needs from a transport (UDP datagrams or a TCP stream); tests may hand it a fake.
 * A stream transport hands each incoming message with the connection it came on, so that the answer to a
 * request goes back over that connection (RFC 3261 18.2.2).
 */

export interface Remote {
  host: string;
  port: number;
}

export type SipTransportProtocol = 'udp' | 'tcp';

/** The connection a message arrived on (stream transports only). */
export interface SipConnection {
  /** Writes `data` on this connection; false when it is closed already. */
  write(data: Buffer): boolean;
}

export type SipMessageHandler = (data: Buffer, from: Remote, connection?: SipConnection) => void;

export interface SipTransport {
  readonly protocol: SipTransportProtocol;
  /** Where we listen (and what goes in Via and Contact). */
  readonly local: Remote;
  /** Resolves once handed to the network; rejects with a SipTransportError when it cannot be (no connection). */
  send(data: Buffer, to: Remote): Promise<void>;
  /**
   * Stream transports: closes our connection to `to`, so that the next send opens a fresh one. For a
   * connection the PBX stopped answering on without closing it (it crashed, or moved to another machine).
   */
  dropConnection?(to: Remote): void;
  /** One whole SIP message at a time. */
  onMessage(handler: SipMessageHandler): void;
  close(): Promise<void>;
}

/** RFC 3261 17.1.2.2: Timer E (retransmissions) only over an unreliable transport. */
export const isReliable = (protocol: SipTransportProtocol) => protocol !== 'udp';
