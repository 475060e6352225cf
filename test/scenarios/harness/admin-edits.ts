/** What the restart scenarios have an admin change before the restart: one user excluded, one rule edited. */
import { parsePolicy } from '../../../src/sync/decision/policy';
import { presetPolicy } from '../../../src/sync/decision/presets';
import type { World } from './world';

/** Excludes `userId` by override (then refreshes the mapping) and stores the default policy with Away routed as away. */
export async function excludeUserAndRouteAwayAsAway(world: World, userId: string, at: number): Promise<void> {
  const { tenantId } = world;
  const store = world.service.store;
  await store.mappings.putOverride({ tenantId, userId, extension: null, by: 'scenario admin', at });
  await world.service.directory.refreshNow(tenantId);
  const base = presetPolicy('default');
  const rules = base.teamsToPbx.rules.map((r) =>
    r.availability === 'Away' && r.activity === '*' ? { ...r, routing: 'away' as const } : r,
  );
  // Validated as the admin API would before storing it.
  const edited = parsePolicy({ ...base, preset: 'custom', teamsToPbx: { ...base.teamsToPbx, rules } });
  if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
  await store.policies.put(tenantId, edited.policy);
}
