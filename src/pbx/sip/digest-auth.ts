/**
 * SIP digest authentication (RFC 3261 22.4 with RFC 2617's MD5 and qop=auth; RFC 8760's SHA-256 when the
 * PBX asks for it): reads a WWW-Authenticate / Proxy-Authenticate challenge and answers it for one request.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: 'MD5' | 'SHA-256';
  /** 'auth' when the PBX offers it (auth-int is not supported). */
  qop?: 'auth';
}

export interface DigestCredentials {
  username: string;
  password: string;
}

/** The challenge of a 401/407 answer, or undefined when it is not a digest we can answer. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header || !/^\s*Digest\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const m of header.replace(/^\s*Digest\s+/i, '').matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (realm === undefined || !nonce || (algorithm !== 'MD5' && algorithm !== 'SHA-256')) return undefined;
  const qops = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  return { realm, nonce, opaque: params.get('opaque'), algorithm, qop: qops.includes('auth') ? 'auth' : undefined };
}

const hash = (algorithm: DigestChallenge['algorithm'], text: string) =>
  createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text)
    .digest('hex');

/** The response value: H(H(user:realm:pass):nonce[:nc:cnonce:qop]:H(method:uri)). */
export function digestResponse(
  c: DigestChallenge,
  creds: DigestCredentials,
  method: string,
  uri: string,
  nc: string,
  cnonce: string,
): string {
  const ha1 = hash(c.algorithm, `${creds.username}:${c.realm}:${creds.password}`);
  const ha2 = hash(c.algorithm, `${method}:${uri}`);
  return c.qop ? hash(c.algorithm, `${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`) : hash(c.algorithm, `${ha1}:${c.nonce}:${ha2}`);
}

/** A quoted-string (RFC 3261 25.1): the challenge's own values may hold quotes and backslashes, escaped. */
const quoted = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** The Authorization / Proxy-Authorization value answering `c` for one request (nonce count 1). */
export function authorizationValue(
  c: DigestChallenge,
  creds: DigestCredentials,
  method: string,
  uri: string,
  cnonce = randomBytes(8).toString('hex'),
): string {
  const nc = '00000001';
  const parts = [
    `username=${quoted(creds.username)}`,
    `realm=${quoted(c.realm)}`,
    `nonce=${quoted(c.nonce)}`,
    `uri=${quoted(uri)}`,
    `response="${digestResponse(c, creds, method, uri, nc, cnonce)}"`,
    `algorithm=${c.algorithm}`,
    ...(c.qop ? [`qop=${c.qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ...(c.opaque !== undefined ? [`opaque=${quoted(c.opaque)}`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
