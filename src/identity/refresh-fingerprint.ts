/**
 * What a mapping was computed from besides the Teams directory: the PBX user list, the tenant's overrides and
 * the strategies, as one hash. A users-delta round that reports no change and meets the same fingerprint
 * would compute the same mapping again, so the refresh can skip reading and matching 100,000 stored users.
 */
import { createHash } from 'node:crypto';
import type { MappingOverride, MatchStrategy, PbxUser } from './types';

export function matchInputsFingerprint(input: {
  tenantId: string;
  pbxUsers: readonly PbxUser[];
  overrides: readonly MappingOverride[];
  strategies: readonly MatchStrategy[];
}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([input.tenantId, input.strategies]));
  // One user at a time: one JSON text of the whole list would be the very peak this avoids.
  for (const user of input.pbxUsers) hash.update(`\n${JSON.stringify(user)}`);
  hash.update('\noverrides');
  for (const o of input.overrides) hash.update(`\n${JSON.stringify([o.tenantId, o.userId, o.extension, o.at])}`);
  return hash.digest('base64url');
}
