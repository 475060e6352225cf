/**
 * Phone numbers as match keys. The normalisation is deliberately literal, so two numbers match only when
 * they are written the same way up to punctuation:
 * - a `tel:` prefix is dropped (Teams line URIs are `tel:+14255550100`);
 * - spaces, dashes, dots, slashes and brackets are removed;
 * - `(0)` right after an international prefix (`+44 (0)20 7946 0000`) is the trunk-prefix marker of the
 *   international notation and is removed with its brackets;
 * - a leading `+` is kept; `;ext=NNN` is kept as part of the key (one DID, many extensions);
 * - national formats are not guessed: `030 1234` and `+49 30 1234` are different keys, and `0049` is not `+49`.
 * Anything else (letters, `x123`, an empty value) gives no key, so the number simply does not match.
 */
const SEPARATORS = /[\s\-./()]/g;
const TRUNK_MARKER = /^(\+\d{1,3})[\s\-.]*\(0\)/;
const EXTENSION_PARAMETER = /;\s*ext=([^;]*)/i;
const PLAIN = /^\+?\d+$/;
const NORMALISED = /^\+?\d+(;ext=\d+)?$/;

export function normalisePhoneNumber(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let value = raw.trim();
  if (value.length > 4 && value.slice(0, 4).toLowerCase() === 'tel:') value = value.slice(4);
  if (PLAIN.test(value)) return value; // the common case (E.164 from Graph), without the work below
  if (value.includes('(0)')) value = value.replace(TRUNK_MARKER, '$1');
  const parameters = value.indexOf(';');
  let key = (parameters < 0 ? value : value.slice(0, parameters)).replace(SEPARATORS, '');
  const extension = parameters < 0 ? null : EXTENSION_PARAMETER.exec(value.slice(parameters));
  if (extension) key += `;ext=${extension[1].replace(SEPARATORS, '')}`;
  return NORMALISED.test(key) ? key : undefined;
}
