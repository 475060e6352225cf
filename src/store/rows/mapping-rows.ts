/** The checks on a whole mapping handed in for one tenant, and its conflicts as rows, for both stores. */
import type { MappingConflict, MappingEntry } from '../../identity/types';
import { StoreInputError } from '../errors';
import { assertOwnedBy, firstDuplicate, fromJson, requireKey, toJson } from '../row-values';

/** Checks the mapping and returns the conflicts as JSON rows, in order. */
export function checkedMapping(tenantId: string, entries: readonly MappingEntry[], conflicts: readonly MappingConflict[]): string[] {
  requireKey(tenantId, 'tenantId');
  assertOwnedBy(tenantId, entries, 'mapping entry');
  assertOwnedBy(tenantId, conflicts, 'mapping conflict');
  entries.forEach((entry) => {
    requireKey(entry.userId, 'mapping entry userId');
    requireKey(entry.extension, `extension of mapping entry ${entry.userId}`);
  });
  const duplicate = firstDuplicate(entries.map((entry) => entry.userId));
  if (duplicate !== undefined) throw new StoreInputError(`the mapping of tenant ${tenantId} lists user ${duplicate} twice`);
  return conflicts.map(({ tenantId: _owner, ...rest }) => toJson(rest, `mapping conflict ${rest.key}`));
}

export function conflictOf(conflictJson: string, tenantId: string): MappingConflict {
  return { ...fromJson<Omit<MappingConflict, 'tenantId'>>(conflictJson, `mapping conflict of tenant ${tenantId}`), tenantId };
}
