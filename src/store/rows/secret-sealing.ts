/**
 * How every store seals its secrets: the AEAD context of each secret (tenant and name, so a sealed value
 * cannot be moved to another row), and the key check kept in store_meta that proves the key at start-up.
 */
import { SecretKeyMismatchError } from '../errors';
import type { SecretBox } from '../secret-box';

/** store_meta's key for the key check. */
export const KEY_CHECK = 'secret_key_check';
const KEY_CHECK_CONTEXT = 'presence-bridge secret key check';

/** Also what an error names: the tenant and the secret's name, never its value. */
export function secretContext(tenantId: string, name: string): string {
  return `secret "${name}" of tenant ${tenantId}`;
}

/** The key check sealed with `box`: whoever can open it holds the store's key. */
export function sealedKeyCheck(box: SecretBox): string {
  return box.seal(KEY_CHECK_CONTEXT, KEY_CHECK_CONTEXT);
}

/** Throws SecretKeyMismatchError when `box` cannot open the stored key check. */
export function assertKeyCheck(box: SecretBox, stored: string): void {
  try {
    box.open(stored, KEY_CHECK_CONTEXT);
  } catch (cause) {
    throw new SecretKeyMismatchError('checked when opening the database', { cause });
  }
}
