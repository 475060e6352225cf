/**
 * The AMI wire format: after a one-line banner (`Asterisk Call Manager/5.0.3`), every message is
 * `Key: Value` lines ending in CRLF, closed by an empty line. Actions carry `Action:`, answers `Response:`,
 * events `Event:`; `ActionID` ties an answer (and a list's events) to its action.
 */
import { ConnectorError } from '../connector';

/** One message; keys lower-cased (AMI keys are case-insensitive in practice). */
export type AmiMessage = Readonly<Record<string, string>>;

/**
 * Far above any real AMI line or message (an event is a few hundred bytes). A peer that sends more without
 * ending it is not speaking AMI: the overlong part is dropped as it arrives, so memory stays bounded.
 */
export const MAX_AMI_MESSAGE_CHARS = 256 * 1024;

const BLOCK_END = /\r?\n\r?\n/g;
/** The longest block end ("\r\n\r\n") less one: a search resumes this far back so an end cut by a chunk is found. */
const OVERLAP = 3;

export class AmiParser {
  private buffer = '';
  private bannerSeen = false;
  /** Where the search for the end of the current message resumes; what lies before holds no end. */
  private scanned = 0;
  /** The current message (or banner) is past the limit: it is dropped up to its end. */
  private overlong = false;
  banner: string | undefined;

  constructor(private readonly maxMessageChars = MAX_AMI_MESSAGE_CHARS) {}

  /** Feeds received text; returns every message it completes. */
  feed(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    if (!this.bannerSeen && !this.readBanner()) return [];
    const messages: AmiMessage[] = [];
    for (;;) {
      BLOCK_END.lastIndex = this.scanned;
      const match = BLOCK_END.exec(this.buffer);
      if (!match) {
        this.holdPartial(this.buffer.length - OVERLAP);
        break;
      }
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.scanned = 0;
      const skipped = this.overlong || block.length > this.maxMessageChars;
      this.overlong = false;
      if (skipped) continue;
      const message = parseBlock(block);
      if (message) messages.push(message);
    }
    return messages;
  }

  /** True once the banner line is complete (an overlong one is cut to its start). */
  private readBanner(): boolean {
    const end = this.buffer.indexOf('\n', this.scanned);
    if (end < 0) {
      if (this.banner === undefined && this.buffer.length > this.maxMessageChars) this.banner = this.buffer.slice(0, 200);
      this.holdPartial(this.buffer.length);
      return false;
    }
    this.banner ??= this.buffer.slice(0, end).replace(/\r$/, '');
    this.buffer = this.buffer.slice(end + 1);
    this.bannerSeen = true;
    this.scanned = 0;
    this.overlong = false;
    return true;
  }

  /** Nothing ends before `searchedUpTo`: remember that, and drop a message that has grown past the limit. */
  private holdPartial(searchedUpTo: number): void {
    this.scanned = Math.max(0, searchedUpTo);
    if (this.scanned > this.maxMessageChars) {
      this.overlong = true;
      this.buffer = this.buffer.slice(this.scanned);
      this.scanned = 0;
    }
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
