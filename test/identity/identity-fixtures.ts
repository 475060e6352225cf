/** Small builders for the two halves of a user, so a test row shows only what it is about. */
import type { DirectoryUser, MappingOverride, PbxUser } from '../../src/identity/types';

export const TENANT = 'tenant-a';

export function teamsUser(id: string, fields: Partial<DirectoryUser> = {}): DirectoryUser {
  return { id, accountEnabled: true, ...fields };
}

export function extension(extension: string, fields: Partial<PbxUser> = {}): PbxUser {
  return { extension, ...fields };
}

export function link(userId: string, ext: string | null, at = 1): MappingOverride {
  return { tenantId: TENANT, userId, extension: ext, by: 'admin@contoso.com', at };
}
