import { mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFileUnsafeError, SecretKeyFormatError, SecretKeyMismatchError, CorruptDataError } from '../../src/store/errors';
import { createSecretBox, generateSecretKey, loadOrCreateKeyFile, parseSecretKey } from '../../src/store/secret-box';
import { tempDir } from './test-store';

const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 200));

describe('parseSecretKey', () => {
  test.each([
    ['standard base64', raw.toString('base64')],
    ['URL-safe base64', raw.toString('base64url')],
    ['lower-case hex', raw.toString('hex')],
    ['upper-case hex', raw.toString('hex').toUpperCase()],
    ['base64 with a trailing newline', `${raw.toString('base64')}\n`],
  ])('accepts a 32-byte key written as %s', (_form, text) => {
    expect(parseSecretKey(text).equals(raw)).toBe(true);
  });

  test('accepts 32 raw bytes', () => {
    expect(parseSecretKey(new Uint8Array(raw)).equals(raw)).toBe(true);
  });

  test.each([
    ['an empty key', '', /it is empty/],
    ['a 16-byte key in base64', Buffer.alloc(16).toString('base64'), /decode to 16 bytes, not 32/],
    ['a 31-byte key in hex', Buffer.alloc(31, 1).toString('hex'), /as hex its 62 characters make 31 bytes, not 32/],
    ['a passphrase', 'correct horse battery staple!', /neither base64 nor hex/],
    ['raw bytes of the wrong length', new Uint8Array(20), /20 raw bytes instead of 32/],
  ])('rejects %s with a message that says what is wrong and how to make one', (_case, key, detail) => {
    const attempt = () => parseSecretKey(key);
    expect(attempt).toThrow(SecretKeyFormatError);
    expect(attempt).toThrow(detail);
    expect(attempt).toThrow(/openssl rand -base64 32/);
    expect(attempt).toThrow(/^the secret key \(PB_SECRET_KEY\) is not usable/);
  });

  test('never repeats the key in its error', () => {
    const key = 'not-a-key-but-secret-anyway';
    expect(() => parseSecretKey(key)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(key) }));
  });
});

describe('createSecretBox', () => {
  const box = createSecretBox(raw.toString('base64'));

  test.each(['s3cr3t~value', '', 'ünïcödé 🔑', 'x'.repeat(10_000)])('opens what it sealed: %#', (plain) => {
    const sealed = box.seal(plain, 'ctx');
    expect(box.open(sealed, 'ctx')).toBe(plain);
  });

  test('seals the same value differently every time (fresh IV) and never in plain text', () => {
    const a = box.seal('client-secret-value', 'ctx');
    const b = box.seal('client-secret-value', 'ctx');
    expect(a).not.toBe(b);
    expect(a).not.toContain('client-secret-value');
    expect(Buffer.from(a.slice(4), 'base64url').toString('latin1')).not.toContain('client-secret-value');
  });

  test('a wrong key gives the clear mismatch error, never garbage', () => {
    const sealed = box.seal('value', 'secret "clientSecret" of tenant t1');
    const other = createSecretBox(generateSecretKey());
    const attempt = () => other.open(sealed, 'secret "clientSecret" of tenant t1');
    expect(attempt).toThrow(SecretKeyMismatchError);
    expect(attempt).toThrow('the secret key does not match the one these secrets were stored with');
  });

  test('a value sealed for one context does not open in another', () => {
    const sealed = box.seal('value', 'tenant a');
    expect(() => box.open(sealed, 'tenant b')).toThrow(SecretKeyMismatchError);
  });

  test('a tampered value is refused', () => {
    const sealed = box.seal('value', 'ctx');
    const bytes = Buffer.from(sealed.slice(4), 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`pb1:${bytes.toString('base64url')}`, 'ctx')).toThrow(SecretKeyMismatchError);
  });

  test.each([
    ['plain text', 'hunter2'],
    ['a truncated value', 'pb1:AAAA'],
  ])('reports %s as corrupt data', (_case, sealed) => {
    expect(() => box.open(sealed, 'ctx')).toThrow(CorruptDataError);
  });
});

describe('generateSecretKey', () => {
  test('makes distinct keys that parseSecretKey accepts', () => {
    const a = generateSecretKey();
    expect(parseSecretKey(a)).toHaveLength(32);
    expect(a).not.toBe(generateSecretKey());
  });
});

describe('loadOrCreateKeyFile', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  test('creates a usable key readable only by its owner, and returns the same key next time', () => {
    const path = join(dir.path, 'nested', 'secret.key');
    const key = loadOrCreateKeyFile(path);
    expect(parseSecretKey(key)).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(key);
    expect(loadOrCreateKeyFile(path)).toBe(key);
  });

  test('refuses a key file that others can read and says how to fix it', () => {
    const path = join(dir.path, 'secret.key');
    writeFileSync(path, generateSecretKey());
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyFile(path)).toThrow(KeyFileUnsafeError);
    expect(() => loadOrCreateKeyFile(path)).toThrow(`chmod 600 ${path}`);
  });

  test('refuses a key file whose content is not a key', () => {
    mkdirSync(dir.path, { recursive: true });
    const path = join(dir.path, 'secret.key');
    writeFileSync(path, 'short', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(path)).toThrow(SecretKeyFormatError);
    expect(() => loadOrCreateKeyFile(path)).toThrow(`the key file ${path} is not usable`);
  });
});
