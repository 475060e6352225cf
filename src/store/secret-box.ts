/**
 * Secrets at rest: AES-256-GCM with a 32-byte key the operator provides (base64 or hex). Every sealed value
 * gets a fresh 12-byte IV; the authentication tag makes a wrong key or a tampered value fail loudly instead
 * of decrypting to garbage. `context` is bound in as associated data, so a sealed value copied onto another
 * tenant's row does not open there either.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CorruptDataError, KeyFileUnsafeError, SecretKeyFormatError, SecretKeyMismatchError } from './errors';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_PREFIX = 'pb1:';

export interface SecretBox {
  /** Encrypts `plaintext`; the result is printable text, safe to store. */
  seal(plaintext: string, context: string): string;
  /** Decrypts what `seal` produced with the same key and context; throws SecretKeyMismatchError otherwise. */
  open(sealed: string, context: string): string;
}

/**
 * Accepts the key as base64 (standard or URL-safe), hex, or raw bytes. Never echoes the key in errors;
 * `source` names where it came from in them.
 */
export function parseSecretKey(key: string | Uint8Array, source?: string): Buffer {
  const fail = (detail: string) => new SecretKeyFormatError(detail, source);
  if (typeof key !== 'string') {
    if (key.length !== KEY_BYTES) throw fail(`got ${key.length} raw bytes instead of ${KEY_BYTES}`);
    return Buffer.from(key);
  }
  const text = key.trim();
  if (text === '') throw fail('it is empty');
  if (/^[0-9a-fA-F]+$/.test(text) && text.length === KEY_BYTES * 2) return Buffer.from(text, 'hex');
  // 64 hex characters make a key, but so would 44 base64 characters that happen to be hex digits only.
  if (/^[0-9a-fA-F]+$/.test(text) && text.length > 44) {
    throw fail(`as hex its ${text.length} characters make ${Math.floor(text.length / 2)} bytes, not ${KEY_BYTES}`);
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw fail(`its ${text.length} characters are neither base64 nor hex`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw fail(`as base64 its ${text.length} characters decode to ${bytes.length} bytes, not ${KEY_BYTES}`);
  }
  return bytes;
}

export function createSecretBox(key: string | Uint8Array): SecretBox {
  const keyBytes = parseSecretKey(key);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return FORMAT_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, context) {
      if (!sealed.startsWith(FORMAT_PREFIX)) throw new CorruptDataError(`${context}: not a sealed value`);
      const raw = Buffer.from(sealed.slice(FORMAT_PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new CorruptDataError(`${context}: sealed value is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new SecretKeyMismatchError(context, { cause });
      }
    },
  };
}

/** A fresh random key, base64-encoded (what `openSqliteStore` and `parseSecretKey` accept). */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Demo mode: reads the key from `path`, or creates the file (mode 0600, parent folder 0700) with a new key.
 * Refuses a key file that other users can read, as ssh does. Returns the key text.
 */
export function loadOrCreateKeyFile(path: string): string {
  const existing = readKeyFile(path);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = generateSecretKey();
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it between our read and our write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path) as string;
    throw error;
  }
  chmodSync(path, 0o600); // the umask may have narrowed the mode further, never widened it; make it exact
  return key;
}

/** The key in the key file at `path`, or undefined when there is none; refuses a file others can read. */
export function readKeyFile(path: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) throw new KeyFileUnsafeError(path, mode);
  const key = readFileSync(path, 'utf8').trim();
  parseSecretKey(key, `the key file ${path}`);
  return key;
}
