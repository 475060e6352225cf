/**
 * Header values of the form `"Display" <sip:user@host;uri-param>;tag=abc;expires=60`
 * (name-addr or addr-spec followed by header parameters), as used by From, To, Contact, Route,
 * Record-Route, Subscription-State and Event.
 */

export interface NameAddr {
  display?: string;
  uri: string;
  params: Record<string, string>;
}

export function parseNameAddr(value: string): NameAddr {
  const trimmed = value.trim();
  const angle = trimmed.match(/^(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>(.*)$/);
  if (angle) {
    const quoted = angle[1]?.replace(/\\(.)/g, '$1');
    const display = (quoted ?? angle[2] ?? '').trim() || undefined;
    return { display, uri: angle[3].trim(), params: parseParams(angle[4]) };
  }
  // addr-spec without <>: header parameters start at the first ';' (the URI cannot carry its own).
  const semicolon = trimmed.indexOf(';');
  if (semicolon < 0) return { uri: trimmed, params: {} };
  return { uri: trimmed.slice(0, semicolon).trim(), params: parseParams(trimmed.slice(semicolon)) };
}

/** `;a=1;b;c="x"` -> { a: '1', b: '', c: 'x' } (names lower-cased). */
export function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of text.split(';')) {
    const piece = part.trim();
    if (!piece) continue;
    const eq = piece.indexOf('=');
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? '' : piece.slice(eq + 1).trim();
    params[name] = raw.replace(/^"(.*)"$/, '$1');
  }
  return params;
}

/** A token value followed by parameters, e.g. `active;expires=600` or `dialog;id=1`. */
export function parseValueWithParams(value: string): { value: string; params: Record<string, string> } {
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return { value: value.trim().toLowerCase(), params: {} };
  return { value: value.slice(0, semicolon).trim().toLowerCase(), params: parseParams(value.slice(semicolon)) };
}

export function formatNameAddr(address: NameAddr): string {
  const display = address.display ? `"${address.display.replace(/(["\\])/g, '\\$1')}" ` : '';
  const params = Object.entries(address.params)
    .map(([k, v]) => (v === '' ? `;${k}` : `;${k}=${v}`))
    .join('');
  return `${display}<${address.uri}>${params}`;
}

/** host and port of a sip: URI, e.g. `sip:1002@127.0.0.1:5060;transport=udp` -> 127.0.0.1, 5060. */
export function sipUriHostPort(uri: string): { host: string; port?: number } | undefined {
  const match = uri.match(/^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d+))?/i);
  if (!match) return undefined;
  return { host: match[1], port: match[2] ? Number(match[2]) : undefined };
}
