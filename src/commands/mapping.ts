/**
 * `presence-bridge mapping export | import <file> [--apply]` and `pbx-users import <file> [--apply]`:
 * the CSV files of the tab, from a shell. Import shows what would change; --apply stores it (all or nothing).
 * A running service picks the change up at its next directory refresh.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIo } from './command-io';
import {
  applyMappingImport,
  exportMapping,
  importPbxUsers,
  previewMappingImport,
  previewPbxUserImport,
} from '../service/admin/mapping-files';
import { openStoreFor } from './open-store';
import { UsageError } from './usage-error';

function readCsv(path: string | undefined): string {
  if (!path) throw new UsageError('Name the CSV file to import.');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

function printRowErrors(io: CommandIo, errors: ReadonlyArray<{ row: number; field?: string; message: string }>): void {
  io.err(`${errors.length} row(s) are wrong; nothing was changed:`);
  for (const e of errors) io.err(`  row ${e.row}${e.field ? ` (${e.field})` : ''}: ${e.message}`);
}

const LATER = 'A running service applies it at its next directory refresh (or at once with "Refresh directory now" in the tab).';

export async function mappingCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, apply: { type: 'boolean', default: false } },
  });
  const [verb, file] = positionals;
  if (verb !== 'export' && verb !== 'import') throw new UsageError('Use "mapping export" or "mapping import <file.csv> [--apply]".');
  const csv = verb === 'import' ? readCsv(file) : '';
  const { store, tenant } = await openStoreFor(io.env, values.tenant);
  try {
    if (verb === 'export') {
      io.out((await exportMapping(store, tenant.tenantId)).trimEnd());
      return 0;
    }
    const plan = await previewMappingImport(store, tenant.tenantId, csv);
    if (plan.errors.length) {
      printRowErrors(io, plan.errors);
      return 1;
    }
    const p = plan.preview;
    io.out(
      `overrides: ${p.add.length} added, ${p.change.length} changed, ${p.remove.length} removed, ${p.unchanged} unchanged -> ${p.summary.links} links, ${p.summary.exclusions} exclusions`,
    );
    if (!values.apply) {
      io.out('Nothing stored yet: run again with --apply to store it.');
      return 0;
    }
    await applyMappingImport(store, tenant.tenantId, csv, 'cli', Date.now());
    io.out(`Stored. ${LATER}`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function pbxUsersCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, apply: { type: 'boolean', default: false } },
  });
  const [verb, file] = positionals;
  if (verb !== 'import') throw new UsageError('Use "pbx-users import <file.csv> [--apply]".');
  const csv = readCsv(file);
  const { store, tenant } = await openStoreFor(io.env, values.tenant);
  try {
    const imported = await previewPbxUserImport(store, tenant.tenantId, csv);
    if (imported.errors.length) {
      printRowErrors(io, imported.errors);
      return 1;
    }
    const p = imported.preview;
    io.out(
      `PBX users: ${imported.users.length} in the file; ${p.add} added, ${p.change} changed, ${p.remove} removed, ${p.unchanged} unchanged`,
    );
    if (!values.apply) {
      io.out('Nothing stored yet: run again with --apply to store it.');
      return 0;
    }
    await importPbxUsers(store, tenant.tenantId, csv);
    io.out(`Stored. ${LATER}`);
    return 0;
  } finally {
    await store.close();
  }
}
