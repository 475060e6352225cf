/** `presence-bridge explain <user>`: the last sync decisions for one user, newest first, from the trace. */
import { parseArgs } from 'node:util';
import type { CommandIo } from './command-io';
import { openStoreFor } from './open-store';
import { UsageError } from './usage-error';

export async function explainCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, limit: { type: 'string', default: '20' } },
  });
  const who = positionals[0]?.toLowerCase();
  if (!who) throw new UsageError('Name the user: a user principal name, an e-mail address, an extension or an Entra object id.');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number of at least 1, not "${values.limit}".`);

  const { store, tenant } = await openStoreFor(io.env, values.tenant);
  try {
    const t = tenant.tenantId;
    const [directory, mapping] = await Promise.all([store.directory.listUsers(t), store.mappings.list(t)]);
    const byExtension = mapping.find((m) => m.extension.toLowerCase() === who);
    const user = directory.find(
      (u) =>
        u.id.toLowerCase() === (byExtension?.userId ?? who) || u.userPrincipalName?.toLowerCase() === who || u.mail?.toLowerCase() === who,
    );
    if (!user) {
      io.err(
        `No Teams user "${positionals[0]}" in tenant ${tenant.displayName}. Try the user principal name, e.g. alice.smith@contoso.com.`,
      );
      return 1;
    }
    const link = mapping.find((m) => m.userId === user.id);
    io.out(
      `${user.displayName ?? user.userPrincipalName} <${user.userPrincipalName}>: ${link ? `extension ${link.extension} (matched by ${link.matchedBy})` : 'not mapped to any extension, so not synced'}`,
    );
    const entries = await store.trace.forUser(t, user.id, limit);
    if (entries.length === 0) io.out('  no decisions recorded yet');
    for (const e of entries) {
      const arrow = e.direction === 'teamsToPbx' ? 'Teams -> PBX' : 'PBX -> Teams';
      io.out(`  ${new Date(e.at).toISOString()}  ${arrow}  ${e.event}`);
      io.out(`      ${e.outcome}: ${e.reason}${e.rule ? `  [rule ${e.rule}]` : ''}${e.result ? `  -> ${e.result}` : ''}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
