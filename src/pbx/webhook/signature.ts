/**
 * The signing scheme of both webhook directions: HMAC-SHA256 over "<unix seconds>.<raw body>", sent as
 * `X-PresenceBridge-Timestamp` and `X-PresenceBridge-Signature: sha256=<hex>`. Binding the timestamp into the
 * signed text is what makes the freshness window (and with it replay refusal) enforceable.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-PresenceBridge-Timestamp';
export const SIGNATURE_HEADER = 'X-PresenceBridge-Signature';
export const SIGNATURE_PREFIX = 'sha256=';

export type RawBody = string | Uint8Array;

export function computeSignature(secret: string, timestampSeconds: number | string, rawBody: RawBody): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The two headers to send with `rawBody`, signed at `nowMs`. */
export function signatureHeaders(secret: string, rawBody: RawBody, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `${SIGNATURE_PREFIX}${computeSignature(secret, timestamp, rawBody)}`,
  };
}

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Header lookup that ignores case (Node lowercases, other callers may not) and takes the first of repeats. */
export function readHeader(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export type SignatureCheck =
  | { ok: true; timestampSeconds: number; signature: string }
  | {
      ok: false;
      problem: 'missingHeaders' | 'malformedTimestamp' | 'malformedSignature' | 'staleTimestamp' | 'badSignature';
      message: string;
    };

export interface VerifyOptions {
  secret: string;
  /** Earlier secrets still accepted (a rotation under way: the PBX may sign with the old one for a while). */
  alsoAccepted?: readonly string[];
  nowMs: number;
  /** Accepted distance between the sender's clock and ours, both ways. */
  toleranceSeconds: number;
}

export function verifySignature(headers: HeaderBag, rawBody: RawBody, options: VerifyOptions): SignatureCheck {
  const timestampText = readHeader(headers, TIMESTAMP_HEADER)?.trim();
  const signatureText = readHeader(headers, SIGNATURE_HEADER)?.trim();
  if (!timestampText || !signatureText) {
    return {
      ok: false,
      problem: 'missingHeaders',
      message: `The request is not signed: send ${TIMESTAMP_HEADER} (unix seconds) and ${SIGNATURE_HEADER} (${SIGNATURE_PREFIX}<hex HMAC-SHA256 of "<timestamp>.<body>">).`,
    };
  }
  if (!/^\d{1,12}$/.test(timestampText)) {
    return {
      ok: false,
      problem: 'malformedTimestamp',
      message: `${TIMESTAMP_HEADER} must be whole unix seconds (e.g. 1735689600), not milliseconds or a date.`,
    };
  }
  const timestampSeconds = Number(timestampText);
  if (!signatureText.startsWith(SIGNATURE_PREFIX) || !/^[0-9a-f]{64}$/i.test(signatureText.slice(SIGNATURE_PREFIX.length))) {
    return {
      ok: false,
      problem: 'malformedSignature',
      message: `${SIGNATURE_HEADER} must look like "${SIGNATURE_PREFIX}" followed by 64 hex digits.`,
    };
  }
  const skewSeconds = Math.abs(options.nowMs / 1000 - timestampSeconds);
  if (skewSeconds > options.toleranceSeconds) {
    return {
      ok: false,
      problem: 'staleTimestamp',
      message: `The timestamp is ${Math.round(skewSeconds)} s away from our clock (allowed: ${options.toleranceSeconds} s): sign each request when sending it and keep the PBX clock in sync (NTP).`,
    };
  }
  const given = Buffer.from(signatureText.slice(SIGNATURE_PREFIX.length).toLowerCase(), 'hex');
  const matches = (secret: string) => timingSafeEqual(given, Buffer.from(computeSignature(secret, timestampText, rawBody), 'hex'));
  if (![options.secret, ...(options.alsoAccepted ?? [])].some(matches)) {
    return {
      ok: false,
      problem: 'badSignature',
      message:
        'The signature does not match: both sides must use the same shared secret and sign the exact raw body bytes, prefixed with "<timestamp>.".',
    };
  }
  return { ok: true, timestampSeconds, signature: given.toString('hex') };
}
