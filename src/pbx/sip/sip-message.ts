/**
 * SIP messages as plain data (RFC 3261 section 7): a start line, ordered headers and a text body.
 * Header names are kept in their canonical long form (compact forms are expanded when parsing), so
 * lookups are by canonical name, case-insensitively.
 */

export interface SipHeader {
  name: string;
  value: string;
}

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeader[];
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeader[];
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** RFC 3261 7.3.3 compact forms, plus the event-package ones (RFC 6665). */
const COMPACT_FORMS: Record<string, string> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
};

const CANONICAL_NAMES = new Map(
  [
    'Call-ID',
    'CSeq',
    'WWW-Authenticate',
    'SIP-ETag',
    'SIP-If-Match',
    'Min-Expires',
    'Max-Forwards',
    'Record-Route',
    'Subscription-State',
    'Allow-Events',
    'Retry-After',
    'User-Agent',
    'Content-Length',
    'Content-Type',
    'Content-Encoding',
  ].map((n) => [n.toLowerCase(), n]),
);

/** `i` -> `Call-ID`, `call-id` -> `Call-ID`, `x-foo` -> `X-Foo`. */
export function canonicalHeaderName(name: string): string {
  const trimmed = name.trim();
  const compact = COMPACT_FORMS[trimmed.toLowerCase()];
  if (trimmed.length === 1 && compact) return compact;
  const known = CANONICAL_NAMES.get(trimmed.toLowerCase());
  if (known) return known;
  return trimmed
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

/** The first value of a header, or undefined. */
export function headerValue(message: Pick<SipMessage, 'headers'>, name: string): string | undefined {
  const wanted = canonicalHeaderName(name);
  return message.headers.find((h) => h.name === wanted)?.value;
}

/**
 * Every value of a header, header lines and comma-separated values alike (Via, Route, Record-Route).
 * Commas inside quotes or <...> do not split.
 */
export function headerValues(message: Pick<SipMessage, 'headers'>, name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return message.headers.filter((h) => h.name === wanted).flatMap((h) => splitHeaderList(h.value));
}

export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && inQuotes) {
      current += ch + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '<' && !inQuotes) inAngle = true;
    else if (ch === '>' && !inQuotes) inAngle = false;
    if (ch === ',' && !inQuotes && !inAngle) {
      if (current.trim()) parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** The numeric part and method of a CSeq header, e.g. "2 SUBSCRIBE". */
export function parseCSeq(message: Pick<SipMessage, 'headers'>): { seq: number; method: string } | undefined {
  const value = headerValue(message, 'CSeq');
  const match = value?.match(/^\s*(\d+)\s+([A-Za-z]+)\s*$/);
  return match ? { seq: Number(match[1]), method: match[2].toUpperCase() } : undefined;
}
