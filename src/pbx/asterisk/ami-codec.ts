/**
 * The AMI wire format: after a one-line banner (`Asterisk Call Manager/5.0.3`), every message is
 * `Key: Value` lines ending in CRLF, closed by an empty line. Actions carry `Action:`, answers `Response:`,
 * events `Event:`; `ActionID` ties an answer (and a list's events) to its action.
 */
import { ConnectorError } from '../connector';

/** One message; keys lower-cased (AMI keys are case-insensitive in practice). */
export type AmiMessage = Readonly<Record<string, string>>;

export class AmiParser {
  private buffer = '';
  private bannerSeen = false;
  banner: string | undefined;

  /** Feeds received text; returns every message it completes. */
  feed(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    if (!this.bannerSeen) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) return [];
      this.banner = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.bannerSeen = true;
    }
    const messages: AmiMessage[] = [];
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = parseBlock(block);
      if (message) messages.push(message);
    }
    return messages;
  }
}

function parseBlock(block: string): AmiMessage | undefined {
  const message: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // e.g. a stray blank or the output lines of a legacy "Response: Follows"
    message[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return Object.keys(message).length ? message : undefined;
}

/**
 * Writes an action. A value with a line break would end the message early and let the rest be read as
 * another action, so it is refused outright.
 */
export function serializeAction(action: string, headers: Readonly<Record<string, string>>): string {
  const lines = [`Action: ${action}`];
  for (const [key, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) {
      throw new ConnectorError(`AMI header ${JSON.stringify(key)} contains a line break; refusing to send it`, false);
    }
    lines.push(`${key}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** A message's value for `key`, whatever its case. */
export function field(message: AmiMessage, key: string): string | undefined {
  return message[key.toLowerCase()];
}
