/** `presence-bridge users`: the mapping summary of a tenant: matched, unmatched, conflicts. */
import { parseArgs } from 'node:util';
import type { CommandIo } from './command-io';
import { openStoreFor } from './open-store';

const LIST_AT_MOST = 10;

export async function usersCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' } } });
  const { store, tenant } = await openStoreFor(io.env, values.tenant);
  try {
    const t = tenant.tenantId;
    const [entries, conflicts, overrides, directory, pbxUsers] = await Promise.all([
      store.mappings.list(t),
      store.mappings.conflicts(t),
      store.mappings.overrides(t),
      store.directory.listUsers(t),
      store.pbxUsers.list(t),
    ]);
    const mappedUsers = new Set(entries.map((e) => e.userId));
    const mappedExtensions = new Set(entries.map((e) => e.extension));
    const excluded = new Set(overrides.filter((o) => o.extension === null).map((o) => o.userId));
    const enabled = directory.filter((u) => u.accountEnabled !== false);
    const unmatchedTeams = enabled.filter((u) => !mappedUsers.has(u.id) && !excluded.has(u.id));
    const unmatchedPbx = pbxUsers.filter((p) => !mappedExtensions.has(p.extension));
    const byStrategy = new Map<string, number>();
    for (const e of entries) byStrategy.set(e.matchedBy, (byStrategy.get(e.matchedBy) ?? 0) + 1);

    io.out(`Tenant ${tenant.displayName} (${t})`);
    io.out(`  Teams users: ${directory.length} (${directory.length - enabled.length} disabled)   PBX extensions: ${pbxUsers.length}`);
    io.out(`  matched:     ${entries.length}${entries.length ? ` (${[...byStrategy].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
    io.out(`  unmatched:   ${unmatchedTeams.length} Teams users, ${unmatchedPbx.length} extensions`);
    io.out(`  conflicts:   ${conflicts.length}`);
    io.out(`  excluded:    ${excluded.size}`);
    for (const c of conflicts.slice(0, LIST_AT_MOST)) io.out(`    conflict ${c.key}: ${c.reason}`);
    for (const u of unmatchedTeams.slice(0, LIST_AT_MOST)) io.out(`    unmatched Teams user ${u.userPrincipalName ?? u.id}`);
    for (const p of unmatchedPbx.slice(0, LIST_AT_MOST)) io.out(`    unmatched extension ${p.extension}${p.email ? ` (${p.email})` : ''}`);
    return 0;
  } finally {
    await store.close();
  }
}
