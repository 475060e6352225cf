/** Which user properties `$select` may name, the ones Graph returns by default, and shaping a user for output. */
import type { DirectoryUser } from './directory-user';
import { GraphApiError } from './errors';

const COLLECTIONS = new Set(['proxyAddresses', 'otherMails', 'businessPhones']);
export const SELECTABLE_USER_FIELDS = new Set([
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'otherMails',
  'accountEnabled',
  'businessPhones',
  'mobilePhone',
  'givenName',
  'surname',
  'jobTitle',
  'officeLocation',
  'preferredLanguage',
]);
export const DEFAULT_USER_FIELDS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function parseSelect(select: string | null): string[] {
  if (select === null || select.trim() === '') return DEFAULT_USER_FIELDS;
  const fields = select
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const field of fields) {
    if (!SELECTABLE_USER_FIELDS.has(field)) {
      throw new GraphApiError(400, 'Request_BadRequest', `Could not find a property named '${field}' on type 'microsoft.graph.user'.`);
    }
  }
  return fields.includes('id') ? fields : [...fields, 'id'];
}

export function shapeUser(user: DirectoryUser, fields: readonly string[]): Record<string, unknown> {
  const source = user as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = source[field];
    out[field] = value === undefined ? (COLLECTIONS.has(field) ? [] : null) : value;
  }
  return out;
}
