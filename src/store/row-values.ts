/** What every store shares whatever its database: JSON columns and the checks on what callers hand in. */
import { CorruptDataError, StoreInputError } from './errors';

export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreInputError(`${what} cannot be stored as JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (text === undefined) throw new StoreInputError(`${what} is ${typeof value}, which JSON cannot hold`);
  return text;
}

export function fromJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new CorruptDataError(where, { cause });
  }
}

export function requireKey(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? (value === '' ? 'an empty string' : 'only white space') : typeof value;
    throw new StoreInputError(`${what} must be a non-empty string, got ${got}`);
  }
  return value;
}

/** Names the first value that occurs twice, for a clear error on batch inputs. */
export function firstDuplicate(values: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** A batch for one tenant must not carry another tenant's rows. */
export function assertOwnedBy(tenantId: string, items: readonly { tenantId: string }[], what: string): void {
  const stranger = items.find((item) => item.tenantId !== tenantId);
  if (stranger !== undefined) {
    throw new StoreInputError(`a ${what} of tenant ${stranger.tenantId} was handed in for tenant ${tenantId}`);
  }
}
