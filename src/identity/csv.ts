/** CSV import and export for identity data: mapping overrides and the PBX user list. */
export type { CsvLimits, CsvRowError, CsvSource } from './csv-table';
export { CSV_LIMITS, MAX_CSV_BYTES } from './csv-table';
export {
  OVERRIDE_CSV_COLUMNS,
  applyOverrideImport,
  exportOverridesCsv,
  planOverrideImport,
  type OverrideImportInput,
  type OverrideImportMode,
  type OverrideImportPlan,
  type OverrideImportPreview,
  type OverrideRowChange,
} from './override-csv';
export { PBX_USER_CSV_COLUMNS, applyPbxUserImport, exportPbxUsersCsv, parsePbxUsersCsv, type PbxUserImport } from './pbx-user-csv';
