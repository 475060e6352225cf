/**
 * The webhook's signing, written from its contract (src/pbx/webhook/README.md, "Signing"), not taken from the
 * product: `X-PresenceBridge-Timestamp: <unix seconds>` and `X-PresenceBridge-Signature: sha256=<hex
 * HMAC-SHA256(secret, "<timestamp>.<raw body>")>`; a receiver refuses a timestamp more than its tolerance away
 * from its clock. GET requests sign an empty body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const TIMESTAMP = 'x-presencebridge-timestamp';
const SIGNATURE = 'x-presencebridge-signature';

function hmac(secret: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

export function signedHeaders(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'X-PresenceBridge-Timestamp': timestamp,
    'X-PresenceBridge-Signature': `sha256=${hmac(secret, timestamp, body).toString('hex')}`,
  };
}

export type SignatureRefusal = {
  problem: 'missingHeaders' | 'malformedTimestamp' | 'malformedSignature' | 'staleTimestamp' | 'badSignature';
  message: string;
};

/** undefined when the request is signed with `secret` within `toleranceSeconds`; otherwise why not. */
export function signatureRefusal(
  headers: IncomingHttpHeaders,
  body: Buffer,
  secret: string,
  nowMs: number,
  toleranceSeconds: number,
): SignatureRefusal | undefined {
  const timestamp = first(headers[TIMESTAMP])?.trim();
  const signature = first(headers[SIGNATURE])?.trim();
  if (!timestamp || !signature)
    return {
      problem: 'missingHeaders',
      message: 'Sign the request: X-PresenceBridge-Timestamp and X-PresenceBridge-Signature are missing.',
    };
  if (!/^\d+$/.test(timestamp)) return { problem: 'malformedTimestamp', message: 'X-PresenceBridge-Timestamp must be unix seconds.' };
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(signature)?.[1];
  if (!hex) return { problem: 'malformedSignature', message: 'X-PresenceBridge-Signature must be "sha256=" and 64 hex digits.' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) {
    return { problem: 'staleTimestamp', message: `The timestamp is more than ${toleranceSeconds} s away from the PBX's clock.` };
  }
  if (!timingSafeEqual(Buffer.from(hex, 'hex'), hmac(secret, timestamp, body))) {
    return { problem: 'badSignature', message: 'The signature does not match the shared secret and the raw body.' };
  }
  return undefined;
}

/** Node lowercases header names; a repeated header counts once. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  return first(headers[name.toLowerCase()]);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
