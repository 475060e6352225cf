/** The checks on a PBX user list handed in for one tenant, for both stores. */
import type { PbxUser } from '../../identity/types';
import { StoreInputError } from '../errors';
import { firstDuplicate, requireKey } from '../row-values';

export function checkPbxUsers(tenantId: string, users: readonly PbxUser[]): void {
  requireKey(tenantId, 'tenantId');
  users.forEach((user) => requireKey(user.extension, 'PBX user extension'));
  const duplicate = firstDuplicate(users.map((user) => user.extension));
  if (duplicate !== undefined) {
    throw new StoreInputError(`the PBX user list of tenant ${tenantId} has extension ${duplicate} twice`);
  }
}
