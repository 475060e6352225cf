/**
 * CSV files in and out of the store: mapping overrides and the PBX user list. The admin service (tab, bot)
 * and the CLI both use these, so a file means the same thing whichever way it arrives. All or nothing:
 * a file with any bad row changes nothing and every bad row is named.
 */
import { AdminInputError } from './admin-service';
import {
  applyOverrideImport,
  applyPbxUserImport,
  exportOverridesCsv,
  parsePbxUsersCsv,
  planOverrideImport,
  type CsvRowError,
  type OverrideImportPlan,
  type PbxUserImport,
} from '../../identity';
import type { Store } from '../../store/store';

function rejectRows(errors: readonly CsvRowError[]): void {
  if (errors.length > 0)
    throw new AdminInputError(errors.map((e) => ({ path: `row ${e.row}${e.field ? `.${e.field}` : ''}`, message: e.message })));
}

export async function previewMappingImport(store: Store, tenantId: string, csv: string): Promise<OverrideImportPlan> {
  const [directoryUsers, pbxUsers, current] = await Promise.all([
    store.directory.listUsers(tenantId),
    store.pbxUsers.list(tenantId),
    store.mappings.overrides(tenantId),
  ]);
  return planOverrideImport({ tenantId, csv, directoryUsers, pbxUsers, current });
}

export async function applyMappingImport(store: Store, tenantId: string, csv: string, by: string, at: number): Promise<OverrideImportPlan> {
  const plan = await previewMappingImport(store, tenantId, csv);
  rejectRows(plan.errors);
  await applyOverrideImport(plan, store.mappings, by, at);
  return plan;
}

export async function exportMapping(store: Store, tenantId: string): Promise<string> {
  const [overrides, directory] = await Promise.all([store.mappings.overrides(tenantId), store.directory.listUsers(tenantId)]);
  return exportOverridesCsv(overrides, directory);
}

export async function previewPbxUserImport(store: Store, tenantId: string, csv: string): Promise<PbxUserImport> {
  return parsePbxUsersCsv(csv, await store.pbxUsers.list(tenantId));
}

export async function importPbxUsers(store: Store, tenantId: string, csv: string): Promise<PbxUserImport> {
  const imported = await previewPbxUserImport(store, tenantId, csv);
  rejectRows(imported.errors);
  await applyPbxUserImport(tenantId, imported, store.pbxUsers);
  return imported;
}
