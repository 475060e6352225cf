/**
 * Cuts a SIP byte stream (TCP, TLS) into whole messages (RFC 3261 18.3): a message ends after the blank
 * line that ends its headers plus Content-Length bytes of body. Chunks may hold several messages or a
 * part of one. A stream cannot recover from a message without Content-Length or one beyond the size
 * limit (where would the next one start?): `push` returns the messages before it and a SipFramingError,
 * and the caller closes the connection.
 */
import { SipFramingError } from './sip-errors';

/** Kamailio's own buffer is 64 KiB; a dialog-info NOTIFY for one extension stays far below. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$/im;

export class SipStreamFramer {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) {}

  private broken?: SipFramingError;

  /** Adds a chunk; returns the messages it completed, in order (possibly none), and the error that ends the stream. */
  push(chunk: Buffer): { messages: Buffer[]; error?: SipFramingError } {
    const messages: Buffer[] = [];
    if (this.broken) return { messages, error: this.broken };
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    try {
      for (let message = this.next(); message; message = this.next()) messages.push(message);
    } catch (error) {
      if (!(error instanceof SipFramingError)) throw error;
      this.broken = error;
      this.buffered = Buffer.alloc(0);
    }
    return { messages, error: this.broken };
  }

  private next(): Buffer | undefined {
    this.skipKeepalives();
    const headEnd = this.buffered.indexOf(CRLFCRLF);
    if (headEnd < 0) {
      if (this.buffered.length > this.maxMessageBytes) {
        throw new SipFramingError(`no end of headers within ${this.maxMessageBytes} bytes`);
      }
      return undefined;
    }
    const bodyStart = headEnd + CRLFCRLF.length;
    const total = bodyStart + this.contentLength(this.buffered.subarray(0, headEnd).toString('latin1'));
    if (total > this.maxMessageBytes) {
      throw new SipFramingError(`a message of ${total} bytes is larger than the limit of ${this.maxMessageBytes} bytes`);
    }
    if (this.buffered.length < total) return undefined;
    const message = this.buffered.subarray(0, total);
    this.buffered = this.buffered.subarray(total);
    return message;
  }

  /** CRLFs between messages are keep-alives (RFC 5626 3.5.1), not part of any message. */
  private skipKeepalives(): void {
    let start = 0;
    while (this.buffered[start] === 0x0d || this.buffered[start] === 0x0a) start++;
    if (start > 0) this.buffered = this.buffered.subarray(start);
  }

  private contentLength(head: string): number {
    const declared = head.match(CONTENT_LENGTH)?.[1];
    const firstLine = head.slice(0, head.search(/\r?\n|$/)).slice(0, 80);
    if (declared === undefined) throw new SipFramingError(`"${firstLine}" has no Content-Length, which a stream needs`);
    if (!/^\d+$/.test(declared)) throw new SipFramingError(`"${firstLine}" has Content-Length "${declared.slice(0, 20)}", not a number`);
    return Number(declared);
  }
}
