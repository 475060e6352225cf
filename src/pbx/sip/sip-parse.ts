/**
 * Bytes -> SipMessage (RFC 3261 section 7). Accepts folded header lines, compact header names,
 * bare LF line ends, and a body whose length is given in bytes by Content-Length (over UDP, a
 * missing Content-Length means "the rest of the datagram").
 */
import { SipParseError } from './sip-errors';
import { canonicalHeaderName, type SipHeader, type SipMessage } from './sip-message';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

export function parseSipMessage(data: Buffer | string): SipMessage {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const head = findHeadEnd(bytes);
  if (!head) throw new SipParseError('no blank line after the headers');

  const lines = unfold(bytes.subarray(0, head.end).toString('utf8'));
  const startLine = lines.shift() ?? '';
  const headers = lines.map(parseHeaderLine);
  const body = readBody(bytes.subarray(head.bodyStart), headers);

  const response = startLine.match(/^SIP\/2\.0\s+(\d{3})\s*(.*)$/i);
  if (response) {
    return { kind: 'response', status: Number(response[1]), reason: response[2].trim(), headers, body };
  }
  const request = startLine.match(/^([A-Za-z]+)\s+(\S+)\s+SIP\/2\.0$/i);
  if (request) {
    return { kind: 'request', method: request[1].toUpperCase(), uri: request[2], headers, body };
  }
  throw new SipParseError(`start line "${startLine.slice(0, 80)}" is neither a request nor a status line`);
}

function findHeadEnd(bytes: Buffer): { end: number; bodyStart: number } | undefined {
  // Leading CRLFs are keep-alives some peers send before a message (RFC 5626 3.5.1).
  let start = 0;
  while (bytes[start] === 0x0d || bytes[start] === 0x0a) start++;
  const crlf = bytes.indexOf(CRLFCRLF, start);
  const lf = bytes.indexOf(LFLF, start);
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { end: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { end: lf, bodyStart: lf + 2 };
  return undefined;
}

/** Splits the head into lines, joining folded continuation lines (starting with space or tab). */
function unfold(head: string): string[] {
  const lines: string[] = [];
  for (const raw of head.replace(/^[\r\n]+/, '').split(/\r?\n/)) {
    if (/^[ \t]/.test(raw) && lines.length > 0) lines[lines.length - 1] += ' ' + raw.trim();
    else lines.push(raw);
  }
  return lines;
}

function parseHeaderLine(line: string): SipHeader {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new SipParseError(`header line "${line.slice(0, 80)}" has no name`);
  return { name: canonicalHeaderName(line.slice(0, colon)), value: line.slice(colon + 1).trim() };
}

function readBody(rest: Buffer, headers: SipHeader[]): string {
  const declared = headers.find((h) => h.name === 'Content-Length')?.value;
  if (declared === undefined) return rest.toString('utf8');
  if (!/^\d+$/.test(declared)) throw new SipParseError(`Content-Length "${declared}" is not a number`);
  const length = Number(declared);
  if (length > rest.length) {
    throw new SipParseError(`Content-Length says ${length} bytes but only ${rest.length} arrived`);
  }
  return rest.subarray(0, length).toString('utf8');
}
